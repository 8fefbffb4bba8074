package dev.tenx.sequential;

import dev.tenx.common.contract.AbstractWindowedProducersContractTest;
import dev.tenx.common.spi.Stage;

class SequentialWindowedProducersTest extends AbstractWindowedProducersContractTest {

    @Override
    protected Stage stage() {
        return new SequentialStage();
    }
}
