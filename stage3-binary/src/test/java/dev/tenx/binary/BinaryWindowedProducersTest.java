package dev.tenx.binary;

import dev.tenx.common.contract.AbstractWindowedProducersContractTest;
import dev.tenx.common.spi.Stage;

class BinaryWindowedProducersTest extends AbstractWindowedProducersContractTest {

    @Override
    protected Stage stage() {
        return new BinaryStage();
    }
}
