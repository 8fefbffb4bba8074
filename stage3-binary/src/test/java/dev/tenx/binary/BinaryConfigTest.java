package dev.tenx.binary;

import dev.tenx.common.contract.AbstractConfigContractTest;
import dev.tenx.common.spi.Stage;

class BinaryConfigTest extends AbstractConfigContractTest {

    @Override
    protected Stage stage() {
        return new BinaryStage();
    }
}
