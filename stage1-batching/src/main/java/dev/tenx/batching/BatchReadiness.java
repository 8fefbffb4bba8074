package dev.tenx.batching;

/**
 * This stage's ready check, Kafka's: a batch leaves when it is full, when a batch has started
 * behind it, when a flush or a close wants it out, or once it has lingered {@code linger.ms}.
 * Immutable; thread-safe.
 */
public final class BatchReadiness implements ReadyCheck {

    private final int batchSizeBytes;
    private final int maxBatchRecords;
    private final long lingerMs;

    public BatchReadiness(int batchSizeBytes, int maxBatchRecords, long lingerMs) {
        if (maxBatchRecords < 1 || lingerMs < 0) {
            throw new IllegalArgumentException("maxBatchRecords=" + maxBatchRecords + ", lingerMs=" + lingerMs
                    + ": need maxBatchRecords >= 1 and lingerMs >= 0");
        }
        this.batchSizeBytes = batchSizeBytes;
        this.maxBatchRecords = maxBatchRecords;
        this.lingerMs = lingerMs;
    }

    /** A lone record larger than {@code batch.size} fills its batch: it goes at once, alone. */
    @Override
    public boolean isFull(int sizeBytes, int recordCount) {
        return recordCount >= maxBatchRecords || sizeBytes >= batchSizeBytes;
    }

    @Override
    public long msUntilReady(long nowMs, long createdMs, int sizeBytes, int recordCount, boolean newerBatchBehind,
                             boolean sendAll) {
        if (newerBatchBehind || sendAll || isFull(sizeBytes, recordCount)) {
            return 0;
        }
        // linger: compared as time elapsed, never as createdMs + lingerMs, which overflows for the longest linger;
        // a clock read earlier by another thread may be behind createdMs
        long lingeredMs = Math.max(0, nowMs - createdMs);
        return lingeredMs >= lingerMs ? 0 : lingerMs - lingeredMs;
    }
}
