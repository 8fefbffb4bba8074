package dev.tenx.common.wire;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the protobuf records part ({@link RecordsDescriptor}) by its tags and lengths, straight
 * from the buffer it arrived in ({@link ProtobufReader}: no copy, heap or direct). Validating
 * builds nothing and copies nothing: the broker checks a produce request this way and keeps the
 * bytes; decoding builds the records, which only a consumer (or a store with its own layout)
 * needs, with one copy of each key and value.
 *
 * <p>Stateless; thread-safe. Every fault is a {@link ProtocolException} with
 * {@link ErrorCode#CORRUPT_MESSAGE}.
 */
final class ProtobufRecords {

    /** Stands for a key or value that was validated and skipped, not read. */
    private static final byte[] SKIPPED = new byte[0];

    private ProtobufRecords() {}

    /**
     * Checks every record from {@code in}'s position to its end; returns how many there are. A
     * producer's records part has records only: a batch header there is corrupt.
     */
    static int validate(ProtobufReader in) {
        int count = 0;
        while (!in.isAtEnd()) {
            readRecord(in, in.readTag(), false);
            count++;
        }
        return count;
    }

    /**
     * The records of a records part, in order, skipping the batch headers a store that keeps
     * whole batches put between them. Does not move {@code records}' indexes.
     */
    static List<LogRecord> decode(ByteBuf records) {
        ProtobufReader in = new ProtobufReader(records);
        List<LogRecord> out = new ArrayList<>();
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            if (tag == RecordsDescriptor.BATCH_HEADER_TAG) {
                in.skip(in.readLength());
            } else {
                out.add(readRecord(in, tag, true));
            }
        }
        return out;
    }

    /**
     * One record whose tag has just been read; with {@code build}, the record, else
     * {@code null} after skipping its bytes.
     */
    static LogRecord readRecord(ProtobufReader in, int tag, boolean build) {
        if (tag != RecordsDescriptor.RECORD_TAG) {
            throw corrupt("expected a record (tag " + RecordsDescriptor.RECORD_TAG + "), found tag=" + tag
                    + ": the records must be the last field of the body", null);
        }
        int oldLimit = in.pushLimit(in.readLength());
        byte[] key = null;
        byte[] value = null;
        long timestampMs = 0;
        boolean hasTimestamp = false;
        while (!in.isAtEnd()) {
            int field = in.readTag();
            if (field == RecordsDescriptor.KEY_TAG && key == null) {
                key = bytes(in, build);
            } else if (field == RecordsDescriptor.VALUE_TAG && value == null) {
                value = bytes(in, build);
            } else if (field == RecordsDescriptor.TIMESTAMP_TAG && !hasTimestamp) {
                timestampMs = in.readVarint64();
                hasTimestamp = true;
            } else {
                throw corrupt("record field tag=" + field + " is unknown, repeated or of the wrong wire type", null);
            }
        }
        in.popLimit(oldLimit);
        if (key == null || value == null || !hasTimestamp) {
            throw corrupt("record lacks a field: key " + (key != null) + ", value " + (value != null)
                    + ", timestampMs " + hasTimestamp, null);
        }
        return build ? new LogRecord(key, value, timestampMs) : null;
    }

    private static byte[] bytes(ProtobufReader in, boolean build) {
        int length = in.readLength();
        if (build) {
            return in.readBytes(length);
        }
        in.skip(length); // validate only: no copy of a value the broker never looks at
        return SKIPPED;
    }

    static ProtocolException corrupt(String message, Throwable cause) {
        return new ProtocolException(ErrorCode.CORRUPT_MESSAGE, message, cause);
    }
}
