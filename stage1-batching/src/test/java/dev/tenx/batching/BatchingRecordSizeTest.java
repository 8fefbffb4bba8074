package dev.tenx.batching;

import dev.tenx.common.contract.AbstractRecordSizeContractTest;
import dev.tenx.common.spi.Stage;

class BatchingRecordSizeTest extends AbstractRecordSizeContractTest {

    @Override
    protected Stage stage() {
        return new BatchingStage();
    }
}
