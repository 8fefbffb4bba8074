package dev.tenx.naive;

import dev.tenx.common.contract.AbstractRoundTripContractTest;
import dev.tenx.common.spi.Stage;

class NaiveRoundTripTest extends AbstractRoundTripContractTest {

    @Override
    protected Stage stage() {
        return new NaiveStage();
    }
}
