package dev.tenx.sequential;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * How the log stores one batch: a fixed header, then the batch's records part exactly as the
 * producer sent it. Documented here and nowhere else.
 *
 * <pre>
 *   0        1        2                                              10
 *  +--------+--------+------------------------------------------------+
 *  |  0x72  |  0x20  |              base offset (int64)               |
 *  +--------+--------+------------------------------------------------+
 *  10                                        18                      22
 *  +-------------------------------------------+-----------------------+
 *  |             producer id (int64)           | base sequence (int32) |
 *  +-------------------------------------------+-----------------------+
 *  22                      26                      30                 34
 *  +-----------------------+-----------------------+-------------------+
 *  |  record count (int32) | records length (int32)|   CRC32C (int32)  |
 *  +-----------------------+-----------------------+-------------------+
 *  34
 *  +------------------------------------------------------------------+
 *  |  records part: records length bytes, as they arrived             |
 *  |  (7A len LogRecord, 7A len LogRecord, ... see RecordsDescriptor)  |
 *  +------------------------------------------------------------------+
 * </pre>
 *
 * <ul>
 *   <li>Integers are big-endian. The CRC32C covers bytes 2 to 29 (the header fields before it)
 *       and the records part, so that recovery can tell a whole batch from a torn or damaged one.
 *   <li>The first two bytes make the header a protobuf field: field 14 ({@code batch_headers} of
 *       {@code FetchResponse} in {@code wire.proto}), length-delimited, 32 bytes long. A stored
 *       run of batches is therefore, byte for byte, a legal records part of a fetch response,
 *       headers and all: the broker sends what it stored without rewriting it (and the
 *       fewer-copies stage without even reading it), and a consumer skips the headers.
 * </ul>
 *
 * <p>Public, as a layout is: a fetch path of a later stage that walks the stored headers without
 * reading the records reads their fields here ({@link #baseOffset}, {@link #recordCount},
 * {@link #batchLength(ByteBuffer, int)}).
 *
 * <p>Stateless; every method is thread-safe.
 */
public final class BatchDescriptor {

    /** Field 14, wire type 2 (length-delimited): {@code FetchResponse.batch_headers}. */
    static final byte HEADER_TAG = 14 << 3 | 2;
    static final int TAG_OFFSET = 0;
    static final int HEADER_FIELD_LENGTH_OFFSET = TAG_OFFSET + Byte.BYTES;
    static final int BASE_OFFSET_OFFSET = HEADER_FIELD_LENGTH_OFFSET + Byte.BYTES;
    static final int PRODUCER_ID_OFFSET = BASE_OFFSET_OFFSET + Long.BYTES;
    static final int BASE_SEQUENCE_OFFSET = PRODUCER_ID_OFFSET + Long.BYTES;
    static final int RECORD_COUNT_OFFSET = BASE_SEQUENCE_OFFSET + Integer.BYTES;
    static final int RECORDS_LENGTH_OFFSET = RECORD_COUNT_OFFSET + Integer.BYTES;
    static final int CRC_OFFSET = RECORDS_LENGTH_OFFSET + Integer.BYTES;
    public static final int HEADER_LENGTH = CRC_OFFSET + Integer.BYTES;
    /** The protobuf length of the header field: everything after the tag and this length byte. */
    static final byte HEADER_FIELD_LENGTH = (byte) (HEADER_LENGTH - BASE_OFFSET_OFFSET);

    private BatchDescriptor() {}

    /** A header for {@code records}, CRC included; the buffer is ready to write. */
    static ByteBuffer header(long baseOffset, long producerId, int baseSequence, int recordCount, ByteBuf records) {
        ByteBuffer h = ByteBuffer.allocate(HEADER_LENGTH)
                .put(HEADER_TAG).put(HEADER_FIELD_LENGTH)
                .putLong(baseOffset).putLong(producerId).putInt(baseSequence)
                .putInt(recordCount).putInt(records.readableBytes());
        CRC32C crc = new CRC32C();
        crc.update(h.array(), BASE_OFFSET_OFFSET, CRC_OFFSET - BASE_OFFSET_OFFSET);
        crc.update(records.nioBuffer());
        return h.putInt((int) crc.getValue()).flip();
    }

    /** The bytes a batch of {@code recordsLength} takes in a segment. */
    static long batchLength(int recordsLength) {
        return (long) HEADER_LENGTH + recordsLength;
    }

    /** Whether {@code b} holds, at {@code at}, something that can be a header: the tag and length a header starts with. */
    public static boolean isHeader(ByteBuffer b, int at) {
        return b.get(at + TAG_OFFSET) == HEADER_TAG && b.get(at + HEADER_FIELD_LENGTH_OFFSET) == HEADER_FIELD_LENGTH;
    }

    /** The base offset of the header at {@code at} in {@code b}, read where it lies. */
    public static long baseOffset(ByteBuffer b, int at) {
        return b.getLong(at + BASE_OFFSET_OFFSET);
    }

    /** The record count of the header at {@code at} in {@code b}. */
    public static int recordCount(ByteBuffer b, int at) {
        return b.getInt(at + RECORD_COUNT_OFFSET);
    }

    /** The bytes the batch whose header is at {@code at} in {@code b} takes in a segment, header included. */
    public static long batchLength(ByteBuffer b, int at) {
        return batchLength(b.getInt(at + RECORDS_LENGTH_OFFSET));
    }

    /** A header read back: its fields, and whether they can belong to a batch at all. */
    public record Header(byte tag, byte fieldLength, long baseOffset, long producerId, int baseSequence, int recordCount,
                  int recordsLength, int crc) {

        static Header read(ByteBuffer b, int position) {
            return new Header(b.get(position + TAG_OFFSET), b.get(position + HEADER_FIELD_LENGTH_OFFSET),
                    b.getLong(position + BASE_OFFSET_OFFSET), b.getLong(position + PRODUCER_ID_OFFSET),
                    b.getInt(position + BASE_SEQUENCE_OFFSET), b.getInt(position + RECORD_COUNT_OFFSET),
                    b.getInt(position + RECORDS_LENGTH_OFFSET), b.getInt(position + CRC_OFFSET));
        }

        boolean isWellFormed() {
            return tag == HEADER_TAG && fieldLength == HEADER_FIELD_LENGTH && recordCount > 0 && recordsLength >= 0;
        }

        long nextOffset() {
            return baseOffset + recordCount;
        }

        long length() {
            return batchLength(recordsLength);
        }

        /** Whether {@code b} holds, at {@code position}, a batch whose CRC matches this header. */
        boolean crcMatches(ByteBuffer b, int position) {
            CRC32C c = new CRC32C();
            c.update(b.duplicate().position(position + BASE_OFFSET_OFFSET).limit(position + CRC_OFFSET));
            c.update(b.duplicate().position(position + HEADER_LENGTH).limit(position + HEADER_LENGTH + recordsLength));
            return (int) c.getValue() == crc;
        }
    }
}
