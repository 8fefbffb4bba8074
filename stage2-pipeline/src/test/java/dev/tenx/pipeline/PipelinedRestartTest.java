package dev.tenx.pipeline;

import dev.tenx.common.contract.AbstractRestartContractTest;
import dev.tenx.common.spi.Stage;

class PipelinedRestartTest extends AbstractRestartContractTest {

    @Override
    protected Stage stage() {
        return new PipelinedStage();
    }
}
