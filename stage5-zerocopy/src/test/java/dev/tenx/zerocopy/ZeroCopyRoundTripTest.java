package dev.tenx.zerocopy;

import dev.tenx.common.contract.AbstractRoundTripContractTest;
import dev.tenx.common.spi.Stage;

class ZeroCopyRoundTripTest extends AbstractRoundTripContractTest {

    @Override
    protected Stage stage() {
        return new ZeroCopyStage();
    }
}
