package dev.tenx.sequential;

import dev.tenx.common.contract.AbstractPowerLossContractTest;
import dev.tenx.common.spi.Stage;

class SequentialPowerLossTest extends AbstractPowerLossContractTest {

    @Override
    protected Stage stage() {
        return new SequentialStage();
    }
}
