package dev.tenx.pipeline;

import dev.tenx.common.contract.AbstractConfigContractTest;
import dev.tenx.common.spi.Stage;

class PipelinedConfigTest extends AbstractConfigContractTest {

    @Override
    protected Stage stage() {
        return new PipelinedStage();
    }
}
