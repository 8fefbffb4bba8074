package dev.tenx.common.wire;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * One record as the producer sends it, the log keeps it and the consumer reads it back.
 * {@code key} and {@code value} may be empty, never null. Arrays are not copied: whoever builds
 * a record hands its arrays over and must not change them afterwards.
 */
public record LogRecord(byte[] key, byte[] value, long timestampMs) implements RecordView {

    public LogRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    /** A record that owns a copy of {@code view}'s key and value: what to keep of a view past its call. */
    public static LogRecord copyOf(RecordView view) {
        if (view instanceof LogRecord record) {
            return record; // immutable by contract: its arrays are already the holder's own
        }
        byte[] key = new byte[view.keyLength()];
        byte[] value = new byte[view.valueLength()];
        view.copyKeyTo(ByteBuffer.wrap(key));
        view.copyValueTo(ByteBuffer.wrap(value));
        return new LogRecord(key, value, view.timestampMs());
    }

    @Override
    public int keyLength() {
        return key.length;
    }

    @Override
    public int valueLength() {
        return value.length;
    }

    @Override
    public void copyKeyTo(ByteBuffer dst) {
        dst.put(key);
    }

    @Override
    public void copyValueTo(ByteBuffer dst) {
        dst.put(value);
    }

    /** Key and value bytes: what the record costs in a batch, before any framing. */
    public int payloadSize() {
        return key.length + value.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogRecord r
                && timestampMs == r.timestampMs
                && Arrays.equals(key, r.key)
                && Arrays.equals(value, r.value);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(key) + Arrays.hashCode(value)) + Long.hashCode(timestampMs);
    }

    @Override
    public String toString() {
        return "LogRecord[key.length=" + key.length + ", value.length=" + value.length
                + ", timestampMs=" + timestampMs + "]";
    }
}
