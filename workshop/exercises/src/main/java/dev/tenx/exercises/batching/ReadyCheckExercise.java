package dev.tenx.exercises.batching;

import dev.tenx.batching.ReadyCheck;

/**
 * Exercise 1, batching: the accumulator's ready check. Records wait in a batch until it is worth
 * a request; this decides when the oldest batch stops waiting. Write {@link #isFull} and
 * {@link #msUntilReady} so that {@code ReadyCheckExerciseTest} passes.
 *
 * <p>The rules:
 * <ul>
 *   <li>A batch is full at {@code batch.size} bytes or at {@code batch.max.records} records,
 *       whichever comes first. A lone record larger than {@code batch.size} fills its batch.
 *   <li>A batch is ready at once (0) when it is full, when another batch has started behind it,
 *       or when a flush or a close wants everything out ({@code sendAll}).
 *   <li>Otherwise it lingers: ready once {@code linger.ms} have passed since its first record
 *       ({@code createdMs}); before that, the answer is the milliseconds left.
 *   <li>{@code linger.ms} may be {@link Long#MAX_VALUE} (wait for a flush); {@code nowMs} is an
 *       epoch time, and another thread's clock read may put it a little behind {@code createdMs}:
 *       never answer more than {@code linger.ms}.
 * </ul>
 *
 * <p>How: time is the {@code nowMs} you are given; read no clock and never sleep. Change only
 * this file; keep the constructor as it is. Run
 * {@code ./mvnw -pl workshop/exercises -am test -Pexercises -Dtest=ReadyCheckExerciseTest}.
 * The stage's own answer, to read once yours passes:
 * {@code stage1-batching/src/main/java/dev/tenx/batching/BatchReadiness.java}.
 *
 * <p>Immutable; thread-safe.
 */
public final class ReadyCheckExercise implements ReadyCheck {

    private final int batchSizeBytes;
    private final int maxBatchRecords;
    private final long lingerMs;

    public ReadyCheckExercise(int batchSizeBytes, int maxBatchRecords, long lingerMs) {
        this.batchSizeBytes = batchSizeBytes;
        this.maxBatchRecords = maxBatchRecords;
        this.lingerMs = lingerMs;
    }

    @Override
    public boolean isFull(int sizeBytes, int recordCount) {
        throw new UnsupportedOperationException("exercise: isFull(sizeBytes=" + sizeBytes + ", recordCount="
                + recordCount + ") is not written yet: full at batch.size=" + batchSizeBytes
                + " bytes or batch.max.records=" + maxBatchRecords + " records");
    }

    @Override
    public long msUntilReady(long nowMs, long createdMs, int sizeBytes, int recordCount, boolean newerBatchBehind,
                             boolean sendAll) {
        throw new UnsupportedOperationException("exercise: msUntilReady is not written yet: 0 when full, when a "
                + "batch is behind it or on a flush or close; else what is left of linger.ms=" + lingerMs
                + " since createdMs");
    }
}
