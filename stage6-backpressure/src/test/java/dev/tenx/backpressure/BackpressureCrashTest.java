package dev.tenx.backpressure;

import dev.tenx.common.contract.AbstractCrashContractTest;
import dev.tenx.common.spi.Stage;

class BackpressureCrashTest extends AbstractCrashContractTest {

    @Override
    protected Stage stage() {
        return new BackpressureStage();
    }

    /** Sequence numbers per producer, stage 2's: a retried batch is answered, never stored again. */
    @Override
    protected boolean promisesIdempotence() {
        return true;
    }
}
