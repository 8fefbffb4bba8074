package dev.tenx.exercises.batching;

import dev.tenx.batching.BatchReadiness;
import dev.tenx.batching.ReadyCheck;

/** Exercise 1's tests on the stage's own ready check: the reference answer passes them. */
class ReadyCheckReferenceTest extends ReadyCheckExerciseContract {

    @Override
    protected ReadyCheck newCheck(int batchSizeBytes, int maxBatchRecords, long lingerMs) {
        return new BatchReadiness(batchSizeBytes, maxBatchRecords, lingerMs);
    }
}
