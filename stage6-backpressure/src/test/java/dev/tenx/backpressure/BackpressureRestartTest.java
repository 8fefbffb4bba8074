package dev.tenx.backpressure;

import dev.tenx.common.contract.AbstractRestartContractTest;
import dev.tenx.common.spi.Stage;

class BackpressureRestartTest extends AbstractRestartContractTest {

    @Override
    protected Stage stage() {
        return new BackpressureStage();
    }
}
