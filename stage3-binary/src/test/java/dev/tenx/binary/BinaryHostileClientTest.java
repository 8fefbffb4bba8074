package dev.tenx.binary;

import dev.tenx.common.contract.AbstractHostileClientContractTest;
import dev.tenx.common.spi.Stage;

class BinaryHostileClientTest extends AbstractHostileClientContractTest {

    @Override
    protected Stage stage() {
        return new BinaryStage();
    }
}
