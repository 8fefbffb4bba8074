package dev.tenx.naive;

import dev.tenx.common.contract.AbstractConcurrentProducersContractTest;
import dev.tenx.common.spi.Stage;

class NaiveConcurrentProducersTest extends AbstractConcurrentProducersContractTest {

    @Override
    protected Stage stage() {
        return new NaiveStage();
    }
}
