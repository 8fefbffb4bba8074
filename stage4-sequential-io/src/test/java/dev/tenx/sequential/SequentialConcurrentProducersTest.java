package dev.tenx.sequential;

import dev.tenx.common.contract.AbstractConcurrentProducersContractTest;
import dev.tenx.common.spi.Stage;

class SequentialConcurrentProducersTest extends AbstractConcurrentProducersContractTest {

    @Override
    protected Stage stage() {
        return new SequentialStage();
    }
}
