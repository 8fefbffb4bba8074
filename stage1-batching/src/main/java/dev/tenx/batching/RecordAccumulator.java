package dev.tenx.batching;

import dev.tenx.common.errors.DisconnectedException;
import dev.tenx.common.spi.RecordMetadata;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where {@code send} leaves records and the I/O thread picks up batches: the technique of this
 * stage. Records queue into the open batch at the tail; a batch is ready to go when it is full
 * ({@code batch.size} bytes or {@code batch.max.records} records), when a later batch has
 * started behind it, when it has lingered {@code linger.ms}, or when a flush or close wants
 * everything out ({@link BatchReadiness}). The queue is FIFO, so batches leave in the order their
 * records were sent.
 *
 * <p>It does the job of Kafka's {@code RecordAccumulator} for one partition. Memory is counted
 * here ({@link #bufferedBytes()}) and taken from a {@link BufferMemory} part before each record is
 * appended, outside the lock: {@link BufferMemory#UNBOUNDED} in this stage, a bounded pool from
 * the backpressure stage on, which also expires batches that waited too long
 * ({@link #expireWaiting}).
 *
 * <p>Time is passed in ({@code nowMs}) by the callers, who read it from the producer's
 * {@link java.time.Clock}, so tests drive linger with a manual clock and never sleep.
 *
 * <p>Thread-safety: every method is safe from any thread. The queue, the set of incomplete
 * batches and the flush and close state are guarded by {@code this}, which is also the monitor
 * the I/O thread waits on ({@link #awaitWakeup}); the two gauges are atomics, read without the lock.
 */
public final class RecordAccumulator {

    private final int batchSizeBytes;
    private final int maxBatchRecords;
    private final ReadyCheck readyCheck;
    private final BatchRecords.Factory newRecords;
    private final BufferMemory memory;

    private final ArrayDeque<ProducerBatch> batches = new ArrayDeque<>();
    /** Drained or not, every batch whose futures are not complete yet: what flush waits for. */
    private final Set<ProducerBatch> incomplete = Collections.newSetFromMap(new IdentityHashMap<>());
    private final AtomicLong bufferedBytes = new AtomicLong();
    private final AtomicLong bufferedRecords = new AtomicLong();
    private int flushesInProgress;
    private boolean closed;
    /** Why {@link #abort} was called, for the records sent after it; null unless it was. */
    private RuntimeException abortedBy;
    private boolean wakeupPending;

    /**
     * @param batchSizeBytes  the most encoded bytes a batch holds, unless its one record is larger
     * @param maxBatchRecords the most records a batch holds
     * @param lingerMs        how long a batch that is not full waits for more records
     * @param newRecords      how each batch keeps its records until it is sent
     */
    public RecordAccumulator(int batchSizeBytes, int maxBatchRecords, long lingerMs, BatchRecords.Factory newRecords) {
        this(batchSizeBytes, maxBatchRecords, lingerMs, newRecords, BufferMemory.UNBOUNDED);
    }

    /** The same, with each record's memory taken from {@code memory} and given back when its batch completes. */
    public RecordAccumulator(int batchSizeBytes, int maxBatchRecords, long lingerMs, BatchRecords.Factory newRecords,
                             BufferMemory memory) {
        this.readyCheck = new BatchReadiness(batchSizeBytes, maxBatchRecords, lingerMs);
        this.batchSizeBytes = batchSizeBytes;
        this.maxBatchRecords = maxBatchRecords;
        this.newRecords = newRecords;
        this.memory = memory;
    }

    /**
     * Adds the record, whose encoded size is at most {@code recordBytes}, to the open batch, or to
     * a new one when it does not fit, and returns the future of its acknowledgement. The record's
     * memory is taken first, which may wait ({@link BufferMemory#allocate}); when it cannot be
     * had, the future has already failed with what the memory threw. After {@link #close} or
     * {@link #abort} the future has already failed, with a {@link DisconnectedException} that
     * says why. {@code nowMs} is read before any wait for memory: a batch's age counts from the
     * {@code send()} that started it.
     */
    public CompletableFuture<RecordMetadata> append(byte[] key, byte[] value, long timestampMs, int recordBytes,
                                                    long nowMs) {
        try {
            // Outside the lock: the I/O thread needs it to complete batches, which is what frees memory.
            memory.allocate(recordBytes);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        synchronized (this) {
            if (closed) {
                memory.release(recordBytes);
                return CompletableFuture.failedFuture(closedCause());
            }
            return appendToOpenBatch(key, value, timestampMs, recordBytes, nowMs);
        }
    }

    private DisconnectedException closedCause() {
        return abortedBy == null
                    ? new DisconnectedException("record not accepted: the producer is closed (closed=true)")
                    : new DisconnectedException("record not accepted: the producer was aborted: " + abortedBy.getMessage(),
                            abortedBy);
    }

    private CompletableFuture<RecordMetadata> appendToOpenBatch(byte[] key, byte[] value, long timestampMs,
                                                                int recordBytes, long nowMs) {
        ProducerBatch open = batches.peekLast();
        if (open == null || !open.hasRoomFor(recordBytes, batchSizeBytes, maxBatchRecords)) {
            open = newBatch(nowMs, recordBytes);
            // A new batch makes the one before it ready, or, the first in the queue, gives the
            // I/O thread a linger deadline to wait for: either way it must look again.
            wakeup();
        }
        CompletableFuture<RecordMetadata> future = open.append(key, value, timestampMs, recordBytes);
        bufferedBytes.addAndGet(recordBytes);
        bufferedRecords.incrementAndGet();
        if (readyCheck.isFull(open.sizeBytes(), open.recordCount())) {
            wakeup();
        }
        return future;
    }

    private ProducerBatch newBatch(long nowMs, int firstRecordBytes) {
        ProducerBatch batch = new ProducerBatch(nowMs, newRecords.create(Math.max(batchSizeBytes, firstRecordBytes)),
                this::release);
        batches.addLast(batch);
        incomplete.add(batch);
        return batch;
    }

    private void release(ProducerBatch batch) {
        memory.release(batch.sizeBytes());
        bufferedBytes.addAndGet(-batch.sizeBytes());
        bufferedRecords.addAndGet(-batch.recordCount());
        synchronized (this) {
            incomplete.remove(batch);
        }
    }

    /** The oldest batch, taken out of the queue, when it is ready to be sent at {@code nowMs}; else null. */
    public synchronized ProducerBatch pollReady(long nowMs) {
        return msUntilReady(nowMs) == 0 ? batches.pollFirst() : null;
    }

    /**
     * 0 when the oldest batch is ready at {@code nowMs}; else how long until it lingers out;
     * {@link Long#MAX_VALUE} when there is no batch at all.
     */
    public synchronized long msUntilReady(long nowMs) {
        ProducerBatch oldest = batches.peekFirst();
        if (oldest == null) {
            return Long.MAX_VALUE;
        }
        return readyCheck.msUntilReady(nowMs, oldest.createdMs(), oldest.sizeBytes(), oldest.recordCount(),
                batches.size() > 1, flushesInProgress > 0 || closed);
    }

    /**
     * Takes out of the queue every waiting batch created at or before {@code createdAtOrBeforeMs},
     * the open one included, and returns them, oldest first, for the caller to fail: what a
     * delivery timeout does to batches that never left. Records sent after this go into a new batch.
     */
    public synchronized List<ProducerBatch> expireWaiting(long createdAtOrBeforeMs) {
        List<ProducerBatch> expired = new ArrayList<>();
        // every batch, not only the head: a send() that waited for memory starts its batch with the
        // time it read before waiting, which may be earlier than the batch before it
        batches.removeIf(batch -> {
            boolean old = batch.createdMs() <= createdAtOrBeforeMs;
            if (old) {
                expired.add(batch);
            }
            return old;
        });
        return expired;
    }

    /** When the oldest waiting batch was created; {@link Long#MAX_VALUE} when none waits. */
    public synchronized long oldestWaitingCreatedMs() {
        long oldest = Long.MAX_VALUE;
        for (ProducerBatch batch : batches) {
            oldest = Math.min(oldest, batch.createdMs());
        }
        return oldest;
    }

    /** No batch is waiting to be sent (some may still be in flight). */
    public synchronized boolean isEmpty() {
        return batches.isEmpty();
    }

    /**
     * Makes every waiting batch ready at once, whatever its linger, until {@link #endFlush};
     * returns what completes when every batch incomplete now is complete.
     */
    public synchronized CompletableFuture<Void> beginFlush() {
        flushesInProgress++;
        wakeup();
        return CompletableFuture.allOf(incomplete.stream().map(ProducerBatch::done).toArray(CompletableFuture[]::new));
    }

    public synchronized void endFlush() {
        flushesInProgress--;
    }

    /** Refuses further records and makes every waiting batch ready: the first step of a producer's close. */
    public synchronized void close() {
        closed = true;
        memory.close();
        wakeup();
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /**
     * Closes, and fails every batch not complete yet, waiting or in flight, with {@code cause}:
     * what a producer whose I/O thread died does, so that no future and no flush waits for ever.
     */
    public void abort(RuntimeException cause) {
        List<ProducerBatch> failing;
        synchronized (this) {
            closed = true;
            abortedBy = cause;
            batches.clear();
            failing = new ArrayList<>(incomplete);
            memory.close();
        }
        failing.forEach(batch -> batch.fail(cause));
    }

    /** Tells the I/O thread to look again: a batch may be ready, or a response has come. */
    public synchronized void wakeup() {
        wakeupPending = true;
        notifyAll();
    }

    /** Waits up to {@code maxMs}, unless a {@link #wakeup} came since the last wait. Called by the I/O thread only. */
    public synchronized void awaitWakeup(long maxMs) throws InterruptedException {
        if (!wakeupPending && maxMs > 0) {
            wait(maxMs);
        }
        wakeupPending = false;
    }

    /** Encoded bytes of the records accepted and not yet acknowledged or failed: the accumulator's memory. */
    public long bufferedBytes() {
        return bufferedBytes.get();
    }

    public long bufferedRecords() {
        return bufferedRecords.get();
    }
}
