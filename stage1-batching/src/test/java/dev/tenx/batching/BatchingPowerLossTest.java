package dev.tenx.batching;

import dev.tenx.common.contract.AbstractPowerLossContractTest;
import dev.tenx.common.spi.Stage;

class BatchingPowerLossTest extends AbstractPowerLossContractTest {

    @Override
    protected Stage stage() {
        return new BatchingStage();
    }
}
