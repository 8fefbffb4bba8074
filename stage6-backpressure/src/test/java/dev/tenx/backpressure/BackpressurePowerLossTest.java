package dev.tenx.backpressure;

import dev.tenx.common.contract.AbstractPowerLossContractTest;
import dev.tenx.common.spi.Stage;

class BackpressurePowerLossTest extends AbstractPowerLossContractTest {

    @Override
    protected Stage stage() {
        return new BackpressureStage();
    }
}
