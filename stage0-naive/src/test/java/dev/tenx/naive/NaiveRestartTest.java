package dev.tenx.naive;

import dev.tenx.common.contract.AbstractRestartContractTest;
import dev.tenx.common.spi.Stage;

class NaiveRestartTest extends AbstractRestartContractTest {

    @Override
    protected Stage stage() {
        return new NaiveStage();
    }
}
