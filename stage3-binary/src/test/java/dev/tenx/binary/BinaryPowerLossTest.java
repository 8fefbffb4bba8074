package dev.tenx.binary;

import dev.tenx.common.contract.AbstractPowerLossContractTest;
import dev.tenx.common.spi.Stage;

class BinaryPowerLossTest extends AbstractPowerLossContractTest {

    @Override
    protected Stage stage() {
        return new BinaryStage();
    }
}
