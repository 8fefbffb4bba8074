package dev.tenx.exercises.backpressure;

import dev.tenx.backpressure.BoundedMemory;
import java.time.Clock;

/**
 * Exercise 6's tests on a blank memory pool, whose methods do nothing and return 0:
 * {@code ExercisesFailOnBlankTest} runs them and requires every one to fail. Not a test class of
 * its own: its name is not one the build runs.
 */
public final class MemoryWaitOnBlank extends MemoryWaitExerciseContract {

    @Override
    protected BoundedMemory newMemory(long totalBytes, long maxBlockMs, Clock clock) {
        return new BoundedMemory() {
            @Override
            public void allocate(int bytes) {
            }

            @Override
            public void release(long bytes) {
            }

            @Override
            public long availableBytes() {
                return 0;
            }

            @Override
            public int waiting() {
                return 0;
            }
        };
    }
}
