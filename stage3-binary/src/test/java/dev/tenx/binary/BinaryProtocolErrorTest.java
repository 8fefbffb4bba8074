package dev.tenx.binary;

import dev.tenx.common.contract.AbstractProtocolErrorContractTest;
import dev.tenx.common.spi.Stage;

class BinaryProtocolErrorTest extends AbstractProtocolErrorContractTest {

    @Override
    protected Stage stage() {
        return new BinaryStage();
    }
}
