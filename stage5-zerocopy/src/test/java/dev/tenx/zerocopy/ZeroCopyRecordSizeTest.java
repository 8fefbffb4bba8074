package dev.tenx.zerocopy;

import dev.tenx.common.contract.AbstractRecordSizeContractTest;
import dev.tenx.common.spi.Stage;

class ZeroCopyRecordSizeTest extends AbstractRecordSizeContractTest {

    @Override
    protected Stage stage() {
        return new ZeroCopyStage();
    }
}
