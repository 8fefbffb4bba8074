package dev.tenx.exercises.batching;

import dev.tenx.batching.ReadyCheck;

/**
 * Exercise 1's tests on a blank ready check, whose methods do nothing and return false or 0:
 * {@code ExercisesFailOnBlankTest} runs them and requires every one to fail. Not a test class of
 * its own: its name is not one the build runs.
 */
public final class ReadyCheckOnBlank extends ReadyCheckExerciseContract {

    @Override
    protected ReadyCheck newCheck(int batchSizeBytes, int maxBatchRecords, long lingerMs) {
        return new ReadyCheck() {
            @Override
            public boolean isFull(int sizeBytes, int recordCount) {
                return false;
            }

            @Override
            public long msUntilReady(long nowMs, long createdMs, int sizeBytes, int recordCount,
                                     boolean newerBatchBehind, boolean sendAll) {
                return 0;
            }
        };
    }
}
