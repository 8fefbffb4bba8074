package dev.tenx.sequential;

import dev.tenx.common.contract.AbstractConfigContractTest;
import dev.tenx.common.spi.Stage;

class SequentialConfigTest extends AbstractConfigContractTest {

    @Override
    protected Stage stage() {
        return new SequentialStage();
    }
}
