package dev.tenx.common.wire;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;
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

    private ProtobufRecords() {}

    /**
     * Checks every record from {@code in}'s position to its end; returns how many there are. A
     * producer's records part has records only: a batch header there is corrupt.
     */
    static int validate(ProtobufReader in) {
        ScannedRecord record = new ScannedRecord(); // one flyweight per request, not per record
        int count = 0;
        while (!in.isAtEnd()) {
            record.scan(in, in.readTag());
            count++;
        }
        return count;
    }

    /**
     * The records of a records part, in order, skipping the batch headers a store that keeps
     * whole batches put between them. Does not move {@code records}' indexes.
     */
    static List<LogRecord> decode(ByteBuf records) {
        List<LogRecord> out = new ArrayList<>();
        scanEach(records, record -> out.add(record.toLogRecord()));
        return out;
    }

    /** Visits each record where it lies, skipping batch headers; builds and copies nothing. */
    static void forEach(ByteBuf records, RecordVisitor visitor) throws IOException {
        scanEach(records, visitor::visit);
    }

    private interface ScanVisitor<E extends Exception> {
        void visit(ScannedRecord record) throws E;
    }

    private static <E extends Exception> void scanEach(ByteBuf records, ScanVisitor<E> visitor) throws E {
        ProtobufReader in = new ProtobufReader(records);
        ScannedRecord record = new ScannedRecord();
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            if (tag == RecordsDescriptor.BATCH_HEADER_TAG) {
                in.skip(in.readLength());
            } else {
                record.scan(in, tag);
                visitor.visit(record);
            }
        }
    }

    /**
     * A record's fields as indexes into the buffer it was scanned from: a flyweight that one scan
     * fills for record after record, so that validating or storing a batch builds no object per
     * record and copies no value it does not need. Confined to the scanning thread.
     */
    private static final class ScannedRecord implements RecordView {

        private static final int ABSENT = -1;

        private ByteBuf buf;
        private int keyIndex;
        private int keyLength;
        private int valueIndex;
        private int valueLength;
        private long timestampMs;
        private boolean hasTimestamp;

        /** Reads the record whose tag was just read: each field once, all three present, nothing else. */
        void scan(ProtobufReader in, int tag) {
            if (tag != RecordsDescriptor.RECORD_TAG) {
                throw corrupt("expected a record (tag " + RecordsDescriptor.RECORD_TAG + "), found tag=" + tag
                        + ": the records must be the last field of the body", null);
            }
            buf = in.buffer();
            keyIndex = ABSENT;
            valueIndex = ABSENT;
            hasTimestamp = false;
            int oldLimit = in.pushLimit(in.readLength());
            while (!in.isAtEnd()) {
                int field = in.readTag();
                if (field == RecordsDescriptor.KEY_TAG && keyIndex == ABSENT) {
                    keyLength = in.readLength();
                    keyIndex = in.position();
                    in.skip(keyLength); // scan only: no copy of bytes the broker never looks at
                } else if (field == RecordsDescriptor.VALUE_TAG && valueIndex == ABSENT) {
                    valueLength = in.readLength();
                    valueIndex = in.position();
                    in.skip(valueLength);
                } else if (field == RecordsDescriptor.TIMESTAMP_TAG && !hasTimestamp) {
                    timestampMs = in.readVarint64();
                    hasTimestamp = true;
                } else {
                    throw corrupt("record field tag=" + field + " is unknown, repeated or of the wrong wire type", null);
                }
            }
            in.popLimit(oldLimit);
            if (keyIndex == ABSENT || valueIndex == ABSENT || !hasTimestamp) {
                throw corrupt("record lacks a field: key " + (keyIndex != ABSENT) + ", value "
                        + (valueIndex != ABSENT) + ", timestampMs " + hasTimestamp, null);
            }
        }

        /** The record as objects: the one copy of its key and value, made at the edge. */
        LogRecord toLogRecord() {
            byte[] key = new byte[keyLength];
            byte[] value = new byte[valueLength];
            buf.getBytes(keyIndex, key);
            buf.getBytes(valueIndex, value);
            return new LogRecord(key, value, timestampMs);
        }

        @Override
        public long timestampMs() {
            return timestampMs;
        }

        @Override
        public int keyLength() {
            return keyLength;
        }

        @Override
        public int valueLength() {
            return valueLength;
        }

        @Override
        public void copyKeyTo(ByteBuffer dst) {
            copy(keyIndex, keyLength, dst);
        }

        @Override
        public void copyValueTo(ByteBuffer dst) {
            copy(valueIndex, valueLength, dst);
        }

        private void copy(int index, int length, ByteBuffer dst) {
            int limit = dst.limit();
            buf.getBytes(index, dst.limit(dst.position() + length)); // getBytes fills dst up to its limit
            dst.limit(limit);
        }
    }

    static ProtocolException corrupt(String message, Throwable cause) {
        return new ProtocolException(ErrorCode.CORRUPT_MESSAGE, message, cause);
    }
}
