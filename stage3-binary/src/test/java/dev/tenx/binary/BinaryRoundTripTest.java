package dev.tenx.binary;

import dev.tenx.common.contract.AbstractRoundTripContractTest;
import dev.tenx.common.spi.Stage;

class BinaryRoundTripTest extends AbstractRoundTripContractTest {

    @Override
    protected Stage stage() {
        return new BinaryStage();
    }
}
