package dev.tenx.naive;

import dev.tenx.common.wire.LogRecord;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * Where a broker keeps records: the storage seam. Stage 0 plugs in {@link PageStore}; the
 * sequential I/O stage plugs in an append-only log; nothing above this interface changes.
 *
 * <p>The durability contract lives here: {@link #append} returns only after the records are on
 * stable storage ({@code force(true)}, that is fsync(2), has returned for them), and a store
 * reopened on the same directory after a crash holds every record an append returned for.
 */
public interface RecordStore extends Closeable {

    /**
     * Stores {@code records} at the next offsets, durably, and returns the first one's offset;
     * the others follow densely. Thread-safe: concurrent callers get disjoint offset ranges.
     */
    long append(List<LogRecord> records) throws IOException;

    /**
     * Records from {@code offset} on: at most {@code maxRecords}, and no more than {@code maxBytes}
     * of records as the store holds them (per-record overhead included, so that empty records
     * are bounded too), except that the first record is always returned. Empty at the end of the
     * log. Thread-safe, also against concurrent appends.
     *
     * @throws IllegalArgumentException when {@code offset} is negative or past {@link #nextOffset()}
     */
    List<LogRecord> read(long offset, int maxRecords, int maxBytes) throws IOException;

    /** The offset the next appended record will get: the log end offset. */
    long nextOffset();
}
