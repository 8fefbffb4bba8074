package dev.tenx.batching;

import dev.tenx.common.spi.RecordMetadata;
import dev.tenx.common.wire.LogRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Records that travel to the broker in one request, and the futures their senders hold. Its
 * size is the codec's upper bound of the records' encoded bytes, so that a batch never needs
 * encoding to know whether it is full.
 *
 * <p>Thread-safety: filled by {@code send} callers under the {@link RecordAccumulator}'s lock
 * while it is the open batch; once drained it belongs to the producer's I/O thread, which
 * completes it, with {@link #complete} or {@link #fail}; {@link RecordAccumulator#abort} may race
 * it from another thread, and the first completion wins.
 */
public final class ProducerBatch {

    private final long createdMs;
    /** Run once, before any future completes: whoever an acknowledgement wakes sees the memory released. */
    private final Consumer<ProducerBatch> onCompletion;
    private final AtomicBoolean completed = new AtomicBoolean();
    private final List<LogRecord> records = new ArrayList<>();
    private final List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
    /** Completes, always normally, once every record's future has: what {@code flush} waits for. */
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private int sizeBytes;

    ProducerBatch(long createdMs, Consumer<ProducerBatch> onCompletion) {
        this.createdMs = createdMs;
        this.onCompletion = onCompletion;
    }

    /**
     * A batch always takes its first record, however large: a record larger than
     * {@code batch.size} goes alone instead of waiting for a batch it can never fit.
     */
    boolean hasRoomFor(int recordBytes, int maxBytes, int maxRecords) {
        return records.isEmpty() || (records.size() < maxRecords && sizeBytes + recordBytes <= maxBytes);
    }

    boolean isFull(int maxBytes, int maxRecords) {
        return records.size() >= maxRecords || sizeBytes >= maxBytes;
    }

    CompletableFuture<RecordMetadata> append(LogRecord record, int recordBytes) {
        CompletableFuture<RecordMetadata> future = new CompletableFuture<>();
        records.add(record);
        futures.add(future);
        sizeBytes += recordBytes;
        return future;
    }

    /**
     * The broker stored the records densely from {@code baseOffset}: each future gets its own
     * offset. Only the first of {@code complete} and {@link #fail} takes effect.
     */
    public void complete(long baseOffset) {
        if (!startCompletion()) {
            return;
        }
        for (int i = 0; i < futures.size(); i++) {
            futures.get(i).complete(new RecordMetadata(baseOffset + i));
        }
        done.complete(null);
    }

    /** None of the records is known to be stored; each future fails with {@code cause}. */
    public void fail(RuntimeException cause) {
        if (!startCompletion()) {
            return;
        }
        for (CompletableFuture<RecordMetadata> future : futures) {
            future.completeExceptionally(cause);
        }
        done.complete(null);
    }

    private boolean startCompletion() {
        if (!completed.compareAndSet(false, true)) {
            return false;
        }
        onCompletion.accept(this);
        return true;
    }

    public List<LogRecord> records() {
        return Collections.unmodifiableList(records);
    }

    public int recordCount() {
        return records.size();
    }

    /** The upper bound of the records' encoded bytes, as the accumulator counted them. */
    public int sizeBytes() {
        return sizeBytes;
    }

    public long createdMs() {
        return createdMs;
    }

    public boolean isDone() {
        return done.isDone();
    }

    CompletableFuture<Void> done() {
        return done;
    }

    @Override
    public String toString() {
        return "ProducerBatch[records=" + records.size() + ", sizeBytes=" + sizeBytes + ", createdMs=" + createdMs + "]";
    }
}
