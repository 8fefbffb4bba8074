package dev.tenx.sequential;

import dev.tenx.common.contract.AbstractRoundTripContractTest;
import dev.tenx.common.spi.Stage;

class SequentialRoundTripTest extends AbstractRoundTripContractTest {

    @Override
    protected Stage stage() {
        return new SequentialStage();
    }
}
