package dev.tenx.naive;

import dev.tenx.common.contract.AbstractCrashContractTest;
import dev.tenx.common.spi.Stage;

class NaiveCrashTest extends AbstractCrashContractTest {

    /** Its send returns only once its record is acknowledged: one record is its whole window. */
    private static final int WINDOW_RECORDS = 1;

    @Override
    protected Stage stage() {
        return new NaiveStage();
    }

    @Override
    protected int windowPerProducer() {
        return WINDOW_RECORDS;
    }
}
