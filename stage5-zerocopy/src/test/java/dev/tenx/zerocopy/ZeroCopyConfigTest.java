package dev.tenx.zerocopy;

import dev.tenx.common.contract.AbstractConfigContractTest;
import dev.tenx.common.spi.Stage;

class ZeroCopyConfigTest extends AbstractConfigContractTest {

    @Override
    protected Stage stage() {
        return new ZeroCopyStage();
    }
}
