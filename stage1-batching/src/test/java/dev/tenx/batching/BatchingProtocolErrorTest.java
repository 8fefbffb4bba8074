package dev.tenx.batching;

import dev.tenx.common.contract.AbstractProtocolErrorContractTest;
import dev.tenx.common.spi.Stage;

class BatchingProtocolErrorTest extends AbstractProtocolErrorContractTest {

    @Override
    protected Stage stage() {
        return new BatchingStage();
    }
}
