package dev.tenx.pipeline;

import dev.tenx.common.contract.AbstractCrashContractTest;
import dev.tenx.common.spi.Stage;

class PipelinedCrashTest extends AbstractCrashContractTest {

    @Override
    protected Stage stage() {
        return new PipelinedStage();
    }

    /** Sequence numbers per producer: a retried batch is answered, never stored again. */
    @Override
    protected boolean promisesIdempotence() {
        return true;
    }
}
