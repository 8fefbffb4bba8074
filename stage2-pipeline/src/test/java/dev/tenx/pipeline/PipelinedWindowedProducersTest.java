package dev.tenx.pipeline;

import dev.tenx.common.contract.AbstractWindowedProducersContractTest;
import dev.tenx.common.spi.Stage;

class PipelinedWindowedProducersTest extends AbstractWindowedProducersContractTest {

    @Override
    protected Stage stage() {
        return new PipelinedStage();
    }
}
