package dev.tenx.batching;

import dev.tenx.common.contract.AbstractHostileClientContractTest;
import dev.tenx.common.spi.Stage;

class BatchingHostileClientTest extends AbstractHostileClientContractTest {

    @Override
    protected Stage stage() {
        return new BatchingStage();
    }
}
