package dev.tenx.sequential;

import dev.tenx.common.contract.AbstractRestartContractTest;
import dev.tenx.common.spi.Stage;

class SequentialRestartTest extends AbstractRestartContractTest {

    @Override
    protected Stage stage() {
        return new SequentialStage();
    }
}
