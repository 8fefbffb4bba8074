package dev.tenx.naive;

import dev.tenx.common.contract.AbstractPowerLossContractTest;
import dev.tenx.common.spi.Stage;

class NaivePowerLossTest extends AbstractPowerLossContractTest {

    @Override
    protected Stage stage() {
        return new NaiveStage();
    }
}
