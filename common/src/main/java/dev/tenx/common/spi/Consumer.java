package dev.tenx.common.spi;

import java.util.List;

/**
 * Reads the log in offset order, from a position the caller sets, in the shape of Kafka's
 * consumer. Not thread-safe: one thread uses an instance, as with Kafka's consumer.
 */
public interface Consumer extends AutoCloseable {

    /** The offset of the next record {@link #poll()} returns. */
    void seek(long offset);

    long position();

    /**
     * The records from {@link #position()} on that one fetch returns, in offset order, and
     * advances the position past them. Empty when the position is the end of the log; does not
     * wait for new records.
     */
    List<ConsumedRecord> poll();

    /**
     * The records one fetch returns, as {@link #poll()} would, handed to {@code handler} one at a
     * time; returns how many. Each view is valid only during its call ({@link RecordHandler}). The
     * default polls and hands over each record's {@link dev.tenx.common.wire.LogRecord}, its key and
     * value already copied into arrays; a consumer that reads records where they arrived overrides
     * it and copies nothing the handler does not ask for. If the handler throws, the position goes
     * back to the first record of this poll.
     */
    default int poll(RecordHandler handler) {
        long start = position();
        List<ConsumedRecord> records = poll();
        try {
            for (ConsumedRecord r : records) {
                handler.onRecord(r.offset(), r.record());
            }
        } catch (RuntimeException e) {
            seek(start);
            throw e;
        }
        return records.size();
    }

    @Override
    void close();
}
