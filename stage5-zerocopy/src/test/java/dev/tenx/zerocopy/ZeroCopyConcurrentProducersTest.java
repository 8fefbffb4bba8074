package dev.tenx.zerocopy;

import dev.tenx.common.contract.AbstractConcurrentProducersContractTest;
import dev.tenx.common.spi.Stage;

class ZeroCopyConcurrentProducersTest extends AbstractConcurrentProducersContractTest {

    @Override
    protected Stage stage() {
        return new ZeroCopyStage();
    }
}
