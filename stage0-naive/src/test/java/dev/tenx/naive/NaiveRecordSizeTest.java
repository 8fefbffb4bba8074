package dev.tenx.naive;

import dev.tenx.common.contract.AbstractRecordSizeContractTest;
import dev.tenx.common.spi.Stage;

class NaiveRecordSizeTest extends AbstractRecordSizeContractTest {

    @Override
    protected Stage stage() {
        return new NaiveStage();
    }
}
