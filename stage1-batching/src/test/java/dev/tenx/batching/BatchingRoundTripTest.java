package dev.tenx.batching;

import dev.tenx.common.contract.AbstractRoundTripContractTest;
import dev.tenx.common.spi.Stage;

class BatchingRoundTripTest extends AbstractRoundTripContractTest {

    @Override
    protected Stage stage() {
        return new BatchingStage();
    }
}
