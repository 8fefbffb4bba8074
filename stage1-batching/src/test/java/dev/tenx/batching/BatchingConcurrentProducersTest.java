package dev.tenx.batching;

import dev.tenx.common.contract.AbstractConcurrentProducersContractTest;
import dev.tenx.common.spi.Stage;

class BatchingConcurrentProducersTest extends AbstractConcurrentProducersContractTest {

    @Override
    protected Stage stage() {
        return new BatchingStage();
    }
}
