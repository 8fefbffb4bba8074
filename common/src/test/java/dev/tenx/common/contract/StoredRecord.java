package dev.tenx.common.contract;

import dev.tenx.common.spi.ConsumedRecord;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A record at its offset, compared by content: what the suite expects in the log and what it
 * reads back. Its timestamp is a window: exact for a record read back (both ends equal), and for
 * a record sent the wall-clock window of the {@code send} call, inside which the producer stamps
 * it ({@link SentRecord}); a record read back matches an expected one when its timestamp lies in
 * the expected window.
 */
public record StoredRecord(long offset, byte[] key, byte[] value, long earliestTimestampMs, long latestTimestampMs) {

    private static final int HEX_PREFIX_BYTES = 8;

    public static StoredRecord of(ConsumedRecord consumed) {
        long timestampMs = consumed.record().timestampMs();
        return new StoredRecord(consumed.offset(), consumed.record().key(), consumed.record().value(), timestampMs,
                timestampMs);
    }

    /** Where this record differs from {@code expected}, in words; empty when it does not. */
    public String differenceFrom(StoredRecord expected) {
        if (offset != expected.offset) {
            return "offset " + offset + ", expected " + expected.offset;
        }
        int key = Arrays.mismatch(this.key, expected.key);
        if (key >= 0) {
            return "key differs at byte " + key + " (length " + this.key.length + ", expected " + expected.key.length + ")";
        }
        int value = Arrays.mismatch(this.value, expected.value);
        if (value >= 0) {
            return "value differs at byte " + value + " (length " + this.value.length + ", expected "
                    + expected.value.length + ")";
        }
        if (earliestTimestampMs < expected.earliestTimestampMs || latestTimestampMs > expected.latestTimestampMs) {
            return "timestamp " + describeTimestamp() + " is outside " + expected.describeTimestamp();
        }
        return "";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredRecord r
                && offset == r.offset
                && Arrays.equals(key, r.key)
                && Arrays.equals(value, r.value)
                && earliestTimestampMs == r.earliestTimestampMs
                && latestTimestampMs == r.latestTimestampMs;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Long.hashCode(offset) + Arrays.hashCode(key)) + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "StoredRecord[offset=" + offset + ", key=" + describe(key) + ", value=" + describe(value)
                + ", timestampMs=" + describeTimestamp() + "]";
    }

    private String describeTimestamp() {
        return earliestTimestampMs == latestTimestampMs ? Long.toString(earliestTimestampMs)
                : "[" + earliestTimestampMs + ", " + latestTimestampMs + "]";
    }

    private static String describe(byte[] bytes) {
        int shown = Math.min(bytes.length, HEX_PREFIX_BYTES);
        String hex = HexFormat.of().formatHex(bytes, 0, shown);
        return hex + (bytes.length > shown ? "..." : "") + " (" + bytes.length + " B)";
    }
}
