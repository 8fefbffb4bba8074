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

    @Override
    void close();
}
