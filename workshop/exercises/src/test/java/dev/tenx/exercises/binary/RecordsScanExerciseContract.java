package dev.tenx.exercises.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenx.common.wire.ErrorCode;
import dev.tenx.common.wire.LogRecord;
import dev.tenx.common.wire.ProtobufCodec;
import dev.tenx.common.wire.ProtocolException;
import dev.tenx.common.wire.RecordsDescriptor;
import dev.tenx.common.wire.RecordsValidator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the broker's scan of a records part must accept and refuse (exercise 3,
 * {@link RecordsScanExercise}). Valid records are the real encoder's bytes; each corrupt case is
 * one valid record with one thing spoilt, checked valid before it is spoilt, so that a scan that
 * accepts everything, or refuses everything, fails. Every frame is followed, past its writer
 * index, by bytes that would make a wrong reading look right: the scan must stop at the frame's end.
 */
abstract class RecordsScanExerciseContract {

    private static final int KEY = RecordsDescriptor.KEY_TAG;
    private static final int VALUE = RecordsDescriptor.VALUE_TAG;
    private static final int TIMESTAMP = RecordsDescriptor.TIMESTAMP_TAG;
    private static final int RECORD = RecordsDescriptor.RECORD_TAG;
    /** Past a frame's writer index: a one-byte varint, so that reading on past the end finds something to read. */
    private static final byte[] BEYOND_THE_FRAME = {0x01, 0x01, 0x01, 0x01};
    private static final long NOW_MS = 1_764_000_000_000L;

    private final List<ByteBuf> buffers = new ArrayList<>();
    private RecordsValidator validator;

    /** The scan under test. */
    protected abstract RecordsValidator newValidator();

    @BeforeEach
    void newScan() {
        validator = newValidator();
    }

    @AfterEach
    void releaseBuffers() {
        buffers.forEach(ByteBuf::release);
    }

    @Test
    void countsTheRecordsOfAValidRecordsPart() {
        assertThat(validator.validateRecords(frame(new byte[0]))).as("records in an empty records part").isZero();
        assertThat(validator.validateRecords(frame(encoded(List.of(new LogRecord(bytes(1), bytes(2), NOW_MS))))))
                .as("records in a part of one record").isEqualTo(1);
        List<LogRecord> records = new ArrayList<>();
        int[] valueLengths = {0, 1, 127, 128, 300, 16_383, 16_384, 20_000};
        long[] timestamps = {0, -1, Long.MAX_VALUE, Long.MIN_VALUE, NOW_MS};
        for (int v : valueLengths) {
            for (long t : timestamps) {
                records.add(new LogRecord(bytes(v % 3), bytes(v), t));
            }
        }
        assertThat(validator.validateRecords(frame(encoded(records))))
                .as("records in a part of %d records: empty keys, values whose length takes one to three varint "
                        + "bytes, timestamps that take one to ten", records.size())
                .isEqualTo(records.size());
    }

    @Test
    void scansFromTheReaderIndexToTheWriterIndexAndMovesNeither() {
        byte[] records = encoded(List.of(record(1), record(2), record(3)));
        ByteBuf buf = track(Unpooled.buffer(5 + records.length + BEYOND_THE_FRAME.length));
        buf.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
        buf.writeBytes(records).writeBytes(BEYOND_THE_FRAME);
        buf.setIndex(5, 5 + records.length);

        assertThat(validator.validateRecords(buf)).as("records between readerIndex=5 and writerIndex=%d",
                5 + records.length).isEqualTo(3);
        assertThat(buf.readerIndex()).as("readerIndex after the scan: the store writes these bytes next").isEqualTo(5);
        assertThat(buf.writerIndex()).as("writerIndex after the scan").isEqualTo(5 + records.length);
    }

    @Test
    void scansADirectBufferWhichHasNoArray() {
        byte[] records = encoded(List.of(record(1), record(2)));
        ByteBuf direct = track(Unpooled.directBuffer(records.length)).writeBytes(records);

        assertThat(direct.hasArray()).as("a direct buffer, as Netty reads a socket into").isFalse();
        assertThat(validator.validateRecords(direct)).as("records in a direct buffer").isEqualTo(2);
    }

    @Test
    void aRecordLengthPastTheEndOfTheFrameIsCorrupt() {
        byte[] valueLast = new Bytes().field(KEY, bytes(1)).varint(TIMESTAMP).varint(NOW_MS).field(VALUE, bytes(2))
                .toArray();
        assertValid(new Bytes().field(RECORD, valueLast).toArray(), "a record whose value comes last");

        byte[] valueOneLonger = new Bytes().field(KEY, bytes(1)).varint(TIMESTAMP).varint(NOW_MS)
                .varint(VALUE).varint(3).raw(bytes(2)).toArray();
        assertCorrupt(new Bytes().varint(RECORD).varint(valueOneLonger.length + 1).raw(valueOneLonger).toArray(),
                "the same record with its length and its value's one byte longer than the frame holds (the byte "
                        + "after the frame's writer index is in the buffer, but not in the frame)");
    }

    @Test
    void aFieldPastTheEndOfItsRecordIsCorrupt() {
        Bytes first = new Bytes().varint(TIMESTAMP).varint(NOW_MS).field(KEY, bytes(1)).field(VALUE, bytes(2));
        byte[] second = new Bytes().field(RECORD, recordBody()).toArray();
        assertValid(new Bytes().field(RECORD, first.toArray()).raw(second).toArray(), "two records as written");

        Bytes spoilt = new Bytes().varint(TIMESTAMP).varint(NOW_MS).field(KEY, bytes(1))
                .varint(VALUE).varint(3).raw(bytes(2));
        assertCorrupt(new Bytes().field(RECORD, spoilt.toArray()).raw(second).toArray(),
                "a record whose last field, a value of length 3, has only 2 bytes left in the record (the third "
                        + "would be the next record's tag, inside the frame but not inside the record)");
    }

    @Test
    void aVarintCutOffByTheEndOfTheFrameIsCorrupt() {
        byte[] whole = new Bytes().field(RECORD, recordBody()).toArray();
        assertValid(whole, "one record");

        assertCorrupt(new Bytes().raw(whole).varint(RECORD).raw(0x80).toArray(),
                "one record, then a record tag and a length varint whose last byte says another follows, at the end "
                        + "of the frame");
    }

    @Test
    void aVarintOfMoreThanTenBytesIsCorrupt() {
        Bytes tenBytes = new Bytes().field(KEY, bytes(1)).field(VALUE, bytes(2)).varint(TIMESTAMP).varint(-1L);
        assertThat(tenBytes.size()).as("the test's own record: -1 takes ten varint bytes").isEqualTo(3 + 4 + 1 + 10);
        assertValid(new Bytes().field(RECORD, tenBytes.toArray()).toArray(), "a timestamp of -1, ten varint bytes");

        Bytes elevenBytes = new Bytes().field(KEY, bytes(1)).field(VALUE, bytes(2)).varint(TIMESTAMP)
                .raw(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00);
        assertCorrupt(new Bytes().field(RECORD, elevenBytes.toArray()).toArray(),
                "a timestamp varint of eleven bytes");
    }

    @Test
    void aFieldOfAnotherWireTypeIsCorrupt() {
        assertValid(new Bytes().field(RECORD, recordBody()).toArray(), "a record as written");

        Bytes keyAsVarint = new Bytes().varint(RecordsDescriptor.tag(1, 0)).varint(5).field(VALUE, bytes(2))
                .varint(TIMESTAMP).varint(NOW_MS);
        assertCorrupt(new Bytes().field(RECORD, keyAsVarint.toArray()).toArray(),
                "a record whose key, field 1, comes as a varint (wire type 0) instead of length-delimited (2)");
        Bytes timestampAsBytes = new Bytes().field(KEY, bytes(1)).field(VALUE, bytes(2))
                .field(RecordsDescriptor.tag(3, 2), bytes(1));
        assertCorrupt(new Bytes().field(RECORD, timestampAsBytes.toArray()).toArray(),
                "a record whose timestamp, field 3, comes length-delimited instead of as a varint");
    }

    @Test
    void anUnknownOrRepeatedFieldIsCorrupt() {
        assertValid(new Bytes().field(RECORD, recordBody()).toArray(), "a record as written");

        assertCorrupt(new Bytes().field(RECORD, new Bytes().raw(recordBody())
                        .field(RecordsDescriptor.tag(4, 2), bytes(1)).toArray()).toArray(),
                "a record with a field 4, which LogRecord does not have");
        assertCorrupt(new Bytes().field(RECORD, new Bytes().raw(recordBody()).field(KEY, bytes(1)).toArray()).toArray(),
                "a record with two keys");
    }

    @Test
    void aMissingFieldIsCorrupt() {
        assertValid(new Bytes().field(RECORD, new Bytes().field(KEY, new byte[0]).field(VALUE, new byte[0])
                .varint(TIMESTAMP).varint(0).toArray()).toArray(), "a record with an empty key, an empty value, at 0");

        assertCorrupt(new Bytes().field(RECORD, new Bytes().field(KEY, bytes(1)).field(VALUE, bytes(2))
                .toArray()).toArray(), "a record without a timestamp");
        assertCorrupt(new Bytes().field(RECORD, new Bytes().field(VALUE, bytes(2)).varint(TIMESTAMP).varint(NOW_MS)
                .toArray()).toArray(), "a record without a key");
        assertCorrupt(new Bytes().field(RECORD, new Bytes().field(KEY, bytes(1)).varint(TIMESTAMP).varint(NOW_MS)
                .toArray()).toArray(), "a record without a value");
    }

    @Test
    void fieldNumberZeroIsCorrupt() {
        assertValid(new Bytes().field(RECORD, recordBody()).toArray(), "a record as written");

        assertCorrupt(new Bytes().field(RECORD, new Bytes().field(RecordsDescriptor.tag(0, 2), new byte[0])
                .raw(recordBody()).toArray()).toArray(), "a record with a field of number 0, which no field has");
    }

    @Test
    void anythingButARecordBetweenRecordsIsCorrupt() {
        byte[] one = new Bytes().field(RECORD, recordBody()).toArray();
        assertValid(new Bytes().raw(one).raw(one).toArray(), "two records");

        assertCorrupt(new Bytes().field(RecordsDescriptor.BATCH_HEADER_TAG, new byte[32]).raw(one).toArray(),
                "a stored batch's header before a record: a fetch carries those, a producer never sends one");
        assertCorrupt(new Bytes().raw(one).field(KEY, bytes(1)).raw(one).toArray(),
                "a key field between two records, outside any record");
    }

    @Test
    void theScanCopiesNoRecord() {
        int count = 1_000;
        List<LogRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(new LogRecord(bytes(8), bytes(1_000), NOW_MS + i));
        }
        byte[] encoded = encoded(records);
        // a wrapped NIO buffer: direct, and not one the leak detector tracks, which allocates a record of each access
        ByteBuf direct = Unpooled.wrappedBuffer(ByteBuffer.allocateDirect(encoded.length).put(encoded).flip());
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int warm = 0; warm < 3; warm++) {
            assertThat(validator.validateRecords(direct)).as("records in a part of %d", count).isEqualTo(count);
        }

        long before = threads.getCurrentThreadAllocatedBytes();
        validator.validateRecords(direct);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(allocated).as("bytes allocated to scan %d records of 1,000 bytes each (%d bytes): a scan builds "
                + "no record and copies no key or value, so it allocates next to nothing whatever the size", count,
                encoded.length).isLessThan(8 * 1024);
    }

    private void assertValid(byte[] records, String what) {
        assertThat(validator.validateRecords(frame(records))).as("%s: valid, one record or more", what).isPositive();
    }

    private void assertCorrupt(byte[] records, String what) {
        ByteBuf frame = frame(records);
        assertThatThrownBy(() -> validator.validateRecords(frame)).as("%s (%s): must be refused", what,
                        ByteBufUtil.hexDump(records))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.errorCode())
                        .as("the ProtocolException's error code").isEqualTo(ErrorCode.CORRUPT_MESSAGE));
    }

    /** {@code records} as a frame's whole readable part, followed in the buffer by bytes that are not the frame's. */
    private ByteBuf frame(byte[] records) {
        ByteBuf buf = track(Unpooled.buffer(records.length + BEYOND_THE_FRAME.length));
        buf.writeBytes(records).writeBytes(BEYOND_THE_FRAME);
        return buf.writerIndex(records.length);
    }

    private ByteBuf track(ByteBuf buf) {
        buffers.add(buf);
        return buf;
    }

    /** The records part as the real encoder writes it. */
    private static byte[] encoded(List<LogRecord> records) {
        ByteBuf buf = ProtobufCodec.INSTANCE.encodeRecords(records);
        try {
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    /** A valid record's fields: a one-byte key, a two-byte value and a timestamp. */
    private static byte[] recordBody() {
        return new Bytes().field(KEY, bytes(1)).field(VALUE, bytes(2)).varint(TIMESTAMP).varint(NOW_MS).toArray();
    }

    private static LogRecord record(int i) {
        return new LogRecord(bytes(i), bytes(10 * i), NOW_MS + i);
    }

    private static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) 'x');
        return bytes;
    }

    /** Protobuf's wire format written by hand, so that a test can spoil exactly one thing in it. */
    private static final class Bytes {

        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Bytes varint(long value) {
            long rest = value;
            while ((rest & ~0x7FL) != 0) {
                out.write((int) (rest & 0x7F) | 0x80);
                rest >>>= 7;
            }
            out.write((int) rest);
            return this;
        }

        /** A length-delimited field: its tag, its length, its bytes. */
        Bytes field(int tag, byte[] bytes) {
            return varint(tag).varint(bytes.length).raw(bytes);
        }

        Bytes raw(byte[] bytes) {
            out.writeBytes(bytes);
            return this;
        }

        Bytes raw(int... bytes) {
            for (int b : bytes) {
                out.write(b);
            }
            return this;
        }

        int size() {
            return out.size();
        }

        byte[] toArray() {
            return out.toByteArray();
        }
    }
}
