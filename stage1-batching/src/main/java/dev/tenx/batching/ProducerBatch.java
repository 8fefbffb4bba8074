package dev.tenx.batching;

import dev.tenx.common.spi.RecordMetadata;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Records that travel to the broker in one request, and the futures their senders hold. The
 * records are kept by a {@link BatchRecords} part (objects in this stage, encoded bytes from the
 * binary-encoding stage on); the batch keeps nothing per record but the future. Its size is the
 * codec's upper bound of the records' encoded bytes, so that a batch never needs encoding to
 * know whether it is full.
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
    private final BatchRecords records;
    private final List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
    /** Completes, always normally, once every record's future has: what {@code flush} waits for. */
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private int sizeBytes;

    ProducerBatch(long createdMs, BatchRecords records, Consumer<ProducerBatch> onCompletion) {
        this.createdMs = createdMs;
        this.records = records;
        this.onCompletion = onCompletion;
    }

    /**
     * A batch always takes its first record, however large: a record larger than
     * {@code batch.size} goes alone instead of waiting for a batch it can never fit.
     */
    boolean hasRoomFor(int recordBytes, int maxBytes, int maxRecords) {
        return futures.isEmpty() || (futures.size() < maxRecords && sizeBytes + recordBytes <= maxBytes);
    }

    CompletableFuture<RecordMetadata> append(byte[] key, byte[] value, long timestampMs, int recordBytes) {
        CompletableFuture<RecordMetadata> future = new CompletableFuture<>();
        records.append(key, value, timestampMs);
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

    /**
     * The body of the produce request that carries this batch under {@code producerId} and
     * {@code baseSequence}; the caller releases it. Called by the I/O thread once the batch is
     * drained, again for each retry.
     */
    public ByteBuf requestBody(long producerId, int baseSequence) {
        return records.requestBody(producerId, baseSequence);
    }

    public int recordCount() {
        return futures.size();
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
        return "ProducerBatch[records=" + futures.size() + ", sizeBytes=" + sizeBytes + ", createdMs=" + createdMs + "]";
    }
}
