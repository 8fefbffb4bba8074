package dev.tenx.binary;

import dev.tenx.common.contract.AbstractCrashContractTest;
import dev.tenx.common.spi.Stage;

class BinaryCrashTest extends AbstractCrashContractTest {

    @Override
    protected Stage stage() {
        return new BinaryStage();
    }

    /** Sequence numbers per producer, stage 2's: a retried batch is answered, never stored again. */
    @Override
    protected boolean promisesIdempotence() {
        return true;
    }
}
