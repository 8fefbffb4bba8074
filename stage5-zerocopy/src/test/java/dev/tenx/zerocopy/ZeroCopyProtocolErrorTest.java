package dev.tenx.zerocopy;

import dev.tenx.common.contract.AbstractProtocolErrorContractTest;
import dev.tenx.common.spi.Stage;

class ZeroCopyProtocolErrorTest extends AbstractProtocolErrorContractTest {

    @Override
    protected Stage stage() {
        return new ZeroCopyStage();
    }
}
