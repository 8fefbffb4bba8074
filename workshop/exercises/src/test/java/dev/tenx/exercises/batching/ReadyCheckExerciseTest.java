package dev.tenx.exercises.batching;

import dev.tenx.batching.ReadyCheck;
import org.junit.jupiter.api.Tag;

/** Exercise 1's tests on the participant's ready check; run with {@code -Pexercises} (see the README). */
@Tag("exercise")
class ReadyCheckExerciseTest extends ReadyCheckExerciseContract {

    @Override
    protected ReadyCheck newCheck(int batchSizeBytes, int maxBatchRecords, long lingerMs) {
        return new ReadyCheckExercise(batchSizeBytes, maxBatchRecords, lingerMs);
    }
}
