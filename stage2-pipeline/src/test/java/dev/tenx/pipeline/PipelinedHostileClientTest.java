package dev.tenx.pipeline;

import dev.tenx.common.contract.AbstractHostileClientContractTest;
import dev.tenx.common.spi.Stage;

class PipelinedHostileClientTest extends AbstractHostileClientContractTest {

    @Override
    protected Stage stage() {
        return new PipelinedStage();
    }
}
