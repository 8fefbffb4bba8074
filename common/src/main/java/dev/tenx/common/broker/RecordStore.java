package dev.tenx.common.broker;

import dev.tenx.common.wire.RecordBatch;

import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.CompletionStage;

/**
 * Where a broker keeps records: the storage seam. Stage 0 plugs in its page store; the
 * sequential I/O stage plugs in an append-only log; nothing above this interface changes.
 *
 * <p>Writing a batch and making it durable are two steps, so that one fsync may cover batches
 * from many connections (group commit): {@link #append} writes and returns the batch's first
 * offset; {@link #durable} completes once every record below an offset is on stable storage
 * ({@code force(true)}, that is fsync(2), has returned for it). A store that forces inside
 * {@code append} completes {@code durable} at once. {@link #durableEnd()} is the end of the
 * durable prefix of the log, and all a fetch may see.
 *
 * <p>The durability contract lives here: a store reopened on the same directory after a crash
 * holds every record that {@code durable} completed for, byte-exact, at its offset.
 *
 * <p>Thread-safety: every method may be called from any thread; concurrent appends get disjoint,
 * dense offset ranges in the order the store serialises them.
 */
public interface RecordStore extends Closeable {

    /**
     * Writes {@code batch} at the next offsets and returns the first one's offset; the others
     * follow densely. The store is done with the batch's bytes when this returns.
     *
     * @throws IOException when the write failed: the store then fails every later append until a
     *                     restart, since what the page cache holds after a failed write or fsync is unknown
     */
    long append(RecordBatch batch) throws IOException;

    /**
     * Completes, normally, once every record below {@code endOffset} is durable, or exceptionally
     * once the store knows it never will be (a failed write or fsync). Completes on whatever
     * thread made the records durable: callers hop to their own thread before touching a channel.
     */
    CompletionStage<Void> durable(long endOffset);

    /** The offset below which every record is durable: the end of what fetches may read. */
    long durableEnd();

    /**
     * Records from {@code offset} on, below {@link #durableEnd()}: at most {@code maxRecords}, and
     * no more than {@code maxBytes} of records as the store holds them (per-record overhead
     * included, so that empty records are bounded too), except that the first record is always
     * returned. Empty at the durable end.
     *
     * @throws IllegalArgumentException when {@code offset} is negative or past {@link #durableEnd()}
     */
    StoredRecords read(long offset, int maxRecords, int maxBytes) throws IOException;
}
