package dev.tenx.naive;

import dev.tenx.common.contract.AbstractCrashContractTest;
import dev.tenx.common.spi.Stage;

class NaiveCrashTest extends AbstractCrashContractTest {

    @Override
    protected Stage stage() {
        return new NaiveStage();
    }
}
