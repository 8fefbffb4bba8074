package dev.tenx.pipeline;

import dev.tenx.common.spi.ConsumedRecord;
import dev.tenx.common.spi.RecordHandler;
import dev.tenx.common.wire.ErrorCode;
import dev.tenx.common.wire.FetchResponse;
import dev.tenx.common.wire.MessageCodec;
import dev.tenx.naive.NaiveConsumer;
import java.util.List;

/**
 * One fetch answer as the consumer holds it from its arrival to the poll that returns its
 * records: the seam between this stage, which decodes the whole response into objects as it
 * arrives ({@link #decodedBy}), the binary-encoding stage, which keeps the fetched bytes and
 * decodes the records only when the application polls them, and the fewer-copies stage, which
 * hands them to the application where they lie ({@link #forEach}).
 *
 * <p>Exactly one of {@link #records(long)}, {@link #forEach} and {@link #release()} is called,
 * once: an answer that holds bytes gives them back in any of them.
 *
 * <p>Thread-safety: built on the connection's event-loop thread by a
 * {@link PipelinedConnection.ResponseReader}, handed over through the request's future, then used
 * by the polling thread alone (or released by whichever thread abandons it).
 */
public interface FetchedRecords {

    /** No error and at least one record: an answer that is as good however late it is read. */
    boolean hasRecords();

    /** How many records the answer holds, from {@link #baseOffset()}; 0 for an error. Known on arrival, before any record is decoded. */
    int count();

    /**
     * The offset of the answer's first record. A store that keeps whole batches answers from the
     * start of the batch that holds the offset asked for, so it may lie before it.
     */
    long baseOffset();

    /**
     * The records from {@code position} on, each with its offset, in order; empty when the answer
     * holds none. Those before {@code position} are skipped, at the edge.
     *
     * @throws dev.tenx.common.errors.BrokerException when the answer carries an error code
     */
    List<ConsumedRecord> records(long position);

    /**
     * The records from {@code position} on, as {@link #records(long)} gives them, each handed to
     * {@code handler}; returns how many. The default builds the records first, so every view is a
     * {@link dev.tenx.common.wire.LogRecord} whose arrays were copied whether or not the handler
     * wanted them.
     *
     * @throws dev.tenx.common.errors.BrokerException when the answer carries an error code
     */
    default int forEach(long position, RecordHandler handler) {
        List<ConsumedRecord> records = records(position);
        for (ConsumedRecord r : records) {
            handler.onRecord(r.offset(), r.record());
        }
        return records.size();
    }

    /** Gives back what the answer holds, unread: a prefetch abandoned, stale or never polled. */
    void release();

    /** This stage's reader: the whole response decoded into objects by {@code codec}, as it arrives. */
    static PipelinedConnection.ResponseReader<FetchedRecords> decodedBy(MessageCodec codec) {
        return body -> new Decoded(codec.decode(FetchResponse.class, body));
    }

    /** A response already decoded: it holds no bytes. */
    record Decoded(FetchResponse response) implements FetchedRecords {

        @Override
        public boolean hasRecords() {
            return response.errorCode() == ErrorCode.NONE && !response.records().isEmpty();
        }

        @Override
        public int count() {
            return response.records().size();
        }

        @Override
        public long baseOffset() {
            return response.baseOffset();
        }

        @Override
        public List<ConsumedRecord> records(long position) {
            return NaiveConsumer.recordsOf(response, position);
        }

        @Override
        public void release() {
            // nothing held: the frame was released once decoded
        }
    }
}
