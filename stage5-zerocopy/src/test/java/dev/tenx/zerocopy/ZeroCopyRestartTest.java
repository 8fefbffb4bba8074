package dev.tenx.zerocopy;

import dev.tenx.common.contract.AbstractRestartContractTest;
import dev.tenx.common.spi.Stage;

class ZeroCopyRestartTest extends AbstractRestartContractTest {

    @Override
    protected Stage stage() {
        return new ZeroCopyStage();
    }
}
