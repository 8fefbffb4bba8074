package dev.tenx.zerocopy;

import dev.tenx.common.contract.AbstractPowerLossContractTest;
import dev.tenx.common.spi.Stage;

class ZeroCopyPowerLossTest extends AbstractPowerLossContractTest {

    @Override
    protected Stage stage() {
        return new ZeroCopyStage();
    }
}
