package dev.tenx.batching;

import dev.tenx.common.contract.AbstractConfigContractTest;
import dev.tenx.common.spi.Stage;

class BatchingConfigTest extends AbstractConfigContractTest {

    @Override
    protected Stage stage() {
        return new BatchingStage();
    }
}
