package dev.tenx.binary;

import dev.tenx.common.contract.AbstractRestartContractTest;
import dev.tenx.common.spi.Stage;

class BinaryRestartTest extends AbstractRestartContractTest {

    @Override
    protected Stage stage() {
        return new BinaryStage();
    }
}
