package dev.tenx.pipeline;

import dev.tenx.common.contract.AbstractRoundTripContractTest;
import dev.tenx.common.spi.Stage;

class PipelinedRoundTripTest extends AbstractRoundTripContractTest {

    @Override
    protected Stage stage() {
        return new PipelinedStage();
    }
}
