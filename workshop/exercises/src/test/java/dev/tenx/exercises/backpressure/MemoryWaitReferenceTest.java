package dev.tenx.exercises.backpressure;

import dev.tenx.backpressure.BoundedMemory;
import dev.tenx.backpressure.BufferPool;
import java.time.Clock;

/** Exercise 6's tests on the stage's own buffer pool: the reference answer passes them. */
class MemoryWaitReferenceTest extends MemoryWaitExerciseContract {

    @Override
    protected BoundedMemory newMemory(long totalBytes, long maxBlockMs, Clock clock) {
        return new BufferPool(totalBytes, maxBlockMs, clock);
    }
}
