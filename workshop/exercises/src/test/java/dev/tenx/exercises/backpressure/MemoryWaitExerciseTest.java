package dev.tenx.exercises.backpressure;

import dev.tenx.backpressure.BoundedMemory;
import java.time.Clock;
import org.junit.jupiter.api.Tag;

/** Exercise 6's tests on the participant's memory pool; run with {@code -Pexercises} (see the README). */
@Tag("exercise")
class MemoryWaitExerciseTest extends MemoryWaitExerciseContract {

    @Override
    protected BoundedMemory newMemory(long totalBytes, long maxBlockMs, Clock clock) {
        return new MemoryWaitExercise(totalBytes, maxBlockMs, clock);
    }
}
