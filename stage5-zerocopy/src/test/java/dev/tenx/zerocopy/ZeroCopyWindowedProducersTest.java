package dev.tenx.zerocopy;

import dev.tenx.common.contract.AbstractWindowedProducersContractTest;
import dev.tenx.common.spi.Stage;

class ZeroCopyWindowedProducersTest extends AbstractWindowedProducersContractTest {

    @Override
    protected Stage stage() {
        return new ZeroCopyStage();
    }
}
