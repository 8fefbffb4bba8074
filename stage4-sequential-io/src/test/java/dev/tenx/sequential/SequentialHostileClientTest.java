package dev.tenx.sequential;

import dev.tenx.common.contract.AbstractHostileClientContractTest;
import dev.tenx.common.spi.Stage;

class SequentialHostileClientTest extends AbstractHostileClientContractTest {

    @Override
    protected Stage stage() {
        return new SequentialStage();
    }
}
