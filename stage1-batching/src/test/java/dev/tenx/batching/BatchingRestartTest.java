package dev.tenx.batching;

import dev.tenx.common.contract.AbstractRestartContractTest;
import dev.tenx.common.spi.Stage;

class BatchingRestartTest extends AbstractRestartContractTest {

    @Override
    protected Stage stage() {
        return new BatchingStage();
    }
}
