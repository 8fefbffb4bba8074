package dev.tenx.batching;

/**
 * When the oldest waiting batch may leave: the accumulator's ready check, apart from the queue
 * around it, so that it can be read and tested on its own (and rewritten, as a workshop
 * exercise). A batch is ready when it is full ({@code batch.size} bytes or
 * {@code batch.max.records} records), when a later batch has started behind it, when a flush or
 * a close wants everything out, or when it has lingered {@code linger.ms} since its first record;
 * until then the producer's I/O thread sleeps for what is left of the linger. Times are numbers
 * the caller read from the producer's clock: a test passes them in and never sleeps.
 *
 * <p>Implementations are immutable and thread-safe; the accumulator calls them under its lock.
 */
public interface ReadyCheck {

    /** A batch of {@code sizeBytes} in {@code recordCount} records takes no more records, and need not linger. */
    boolean isFull(int sizeBytes, int recordCount);

    /**
     * 0 when the batch may leave at {@code nowMs}; else the milliseconds until its linger ends.
     *
     * @param createdMs        when the batch's first record was sent
     * @param sizeBytes        the batch's records' bytes, as the accumulator counted them
     * @param recordCount      the batch's records
     * @param newerBatchBehind another batch has started behind this one
     * @param sendAll          a flush or a close wants every batch out
     */
    long msUntilReady(long nowMs, long createdMs, int sizeBytes, int recordCount, boolean newerBatchBehind,
                      boolean sendAll);
}
