package dev.tenx.zerocopy;

import dev.tenx.common.contract.AbstractHostileClientContractTest;
import dev.tenx.common.spi.Stage;

class ZeroCopyHostileClientTest extends AbstractHostileClientContractTest {

    @Override
    protected Stage stage() {
        return new ZeroCopyStage();
    }
}
