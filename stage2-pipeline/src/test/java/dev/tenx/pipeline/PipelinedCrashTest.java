package dev.tenx.pipeline;

import dev.tenx.common.contract.AbstractCrashContractTest;
import dev.tenx.common.spi.Stage;

class PipelinedCrashTest extends AbstractCrashContractTest {

    @Override
    protected Stage stage() {
        return new PipelinedStage();
    }
}
