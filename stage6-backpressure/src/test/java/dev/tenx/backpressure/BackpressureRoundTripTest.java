package dev.tenx.backpressure;

import dev.tenx.common.contract.AbstractRoundTripContractTest;
import dev.tenx.common.spi.Stage;

class BackpressureRoundTripTest extends AbstractRoundTripContractTest {

    @Override
    protected Stage stage() {
        return new BackpressureStage();
    }
}
