package dev.tenx.binary;

import dev.tenx.common.contract.AbstractConcurrentProducersContractTest;
import dev.tenx.common.spi.Stage;

class BinaryConcurrentProducersTest extends AbstractConcurrentProducersContractTest {

    @Override
    protected Stage stage() {
        return new BinaryStage();
    }
}
