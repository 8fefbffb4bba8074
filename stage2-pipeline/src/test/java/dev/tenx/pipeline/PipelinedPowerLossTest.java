package dev.tenx.pipeline;

import dev.tenx.common.contract.AbstractPowerLossContractTest;
import dev.tenx.common.spi.Stage;

class PipelinedPowerLossTest extends AbstractPowerLossContractTest {

    @Override
    protected Stage stage() {
        return new PipelinedStage();
    }
}
