package dev.tenx.batching;

import dev.tenx.common.contract.AbstractCrashContractTest;
import dev.tenx.common.spi.Stage;

class BatchingCrashTest extends AbstractCrashContractTest {

    @Override
    protected Stage stage() {
        return new BatchingStage();
    }
}
