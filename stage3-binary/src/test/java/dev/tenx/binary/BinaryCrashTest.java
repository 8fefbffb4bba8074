package dev.tenx.binary;

import dev.tenx.common.contract.AbstractCrashContractTest;
import dev.tenx.common.spi.Stage;

class BinaryCrashTest extends AbstractCrashContractTest {

    @Override
    protected Stage stage() {
        return new BinaryStage();
    }
}
