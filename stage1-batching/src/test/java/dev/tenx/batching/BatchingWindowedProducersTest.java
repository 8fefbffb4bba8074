package dev.tenx.batching;

import dev.tenx.common.contract.AbstractWindowedProducersContractTest;
import dev.tenx.common.spi.Stage;

class BatchingWindowedProducersTest extends AbstractWindowedProducersContractTest {

    @Override
    protected Stage stage() {
        return new BatchingStage();
    }
}
