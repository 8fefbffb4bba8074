package dev.tenx.sequential;

import dev.tenx.common.contract.AbstractRecordSizeContractTest;
import dev.tenx.common.spi.Stage;

class SequentialRecordSizeTest extends AbstractRecordSizeContractTest {

    @Override
    protected Stage stage() {
        return new SequentialStage();
    }
}
