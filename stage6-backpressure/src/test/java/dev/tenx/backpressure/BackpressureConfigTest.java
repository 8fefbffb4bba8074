package dev.tenx.backpressure;

import dev.tenx.common.contract.AbstractConfigContractTest;
import dev.tenx.common.spi.Stage;

class BackpressureConfigTest extends AbstractConfigContractTest {

    @Override
    protected Stage stage() {
        return new BackpressureStage();
    }
}
