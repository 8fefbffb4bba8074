package dev.tenx.binary;

import dev.tenx.common.contract.AbstractRecordSizeContractTest;
import dev.tenx.common.spi.Stage;

class BinaryRecordSizeTest extends AbstractRecordSizeContractTest {

    @Override
    protected Stage stage() {
        return new BinaryStage();
    }
}
