package dev.tenx.common.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The broker's side of a protobuf produce request, on heap buffers and on the direct buffers
 * Netty reads sockets into: a valid request's records are the bytes that arrived, kept without a
 * copy; every kind of hostile body (a bad varint, a wrong wire type, a length past the end, an
 * unknown field, a missing value) is CORRUPT_MESSAGE and leaves the body's references as they
 * were; and a scan allocates a few objects per request, never a copy of the body.
 */
class ProtobufProduceRequestScanTest {

    private static final ProtobufCodec CODEC = ProtobufCodec.INSTANCE;
    private static final long PRODUCER_ID = 1L << 50;
    private static final int BASE_SEQUENCE = 1_000;
    private static final long NOW_MS = 1_764_000_000_000L;
    private static final int VALUE_BYTES = 100;
    private static final int RECORDS = 100;

    /** How a body arrives: as a test builds it, or as Netty reads it from a socket. */
    static Stream<Arguments> buffers() {
        Function<byte[], ByteBuf> heap = Unpooled::wrappedBuffer;
        Function<byte[], ByteBuf> direct = bytes -> PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length)
                .writeBytes(bytes);
        return Stream.of(Arguments.of("heap", heap), Arguments.of("direct", direct));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("buffers")
    void aValidRequestsRecordsAreTheBytesThatArrived(String kind, Function<byte[], ByteBuf> arrive) {
        List<LogRecord> records = records(RECORDS);
        byte[] encoded = CODEC.encode(new ProduceRequest(PRODUCER_ID, BASE_SEQUENCE, records));
        int envelopeBytes = CODEC.encode(new ProduceRequest(PRODUCER_ID, BASE_SEQUENCE, List.of())).length;
        ByteBuf body = arrive.apply(encoded);

        RecordBatch batch = CODEC.decodeProduceRequest(body);
        try {
            assertThat(batch.producerId()).isEqualTo(PRODUCER_ID);
            assertThat(batch.baseSequence()).isEqualTo(BASE_SEQUENCE);
            assertThat(batch.recordCount()).isEqualTo(RECORDS);
            assertThat(ByteBufUtil.getBytes(batch.records()))
                    .isEqualTo(Arrays.copyOfRange(encoded, envelopeBytes, encoded.length));
            assertThat(batch.decodedRecords(CODEC)).containsExactlyElementsOf(records);
            assertThat(body.readableBytes()).as("the body, consumed").isZero();
        } finally {
            batch.release();
        }
        assertThat(body.refCnt()).as("references once the batch is released").isOne();
        body.release();
    }

    static Stream<Arguments> hostileBodies() {
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("a varint that never ends", "08ffffff");
        bodies.put("a varint of eleven bytes", "08ffffffffffffffffffff01");
        bodies.put("field number zero", "00");
        bodies.put("producer_id of the wrong wire type (fixed64)", "090000000000000000" + "1000");
        bodies.put("an unknown envelope field", "0801" + "1000" + "1801");
        bodies.put("producer_id twice", "0801" + "0802" + "1000");
        bodies.put("base_sequence missing", "0801");
        bodies.put("a record before the envelope", "7a00" + "0801" + "1000");
        bodies.put("a record length past the end", "0801" + "1000" + "7a09" + "0a00" + "1200" + "1801");
        bodies.put("a value length past the record's end", "0801" + "1000" + "7a06" + "0a00" + "1205" + "1801" + "0000");
        bodies.put("a record without its value", "0801" + "1000" + "7a04" + "0a00" + "1801");
        bodies.put("a record without its timestamp", "0801" + "1000" + "7a04" + "0a00" + "1200");
        bodies.put("an unknown record field", "0801" + "1000" + "7a08" + "0a00" + "1200" + "1801" + "2001");
        bodies.put("a timestamp of the wrong wire type", "0801" + "1000" + "7a06" + "0a00" + "1200" + "1a00");
        bodies.put("something after a record that is not one", "0801" + "1000" + "7a06" + "0a00" + "1200" + "1801"
                + "0801");
        List<Arguments> out = new ArrayList<>();
        for (Arguments buffer : buffers().toList()) {
            bodies.forEach((name, hex) -> out.add(Arguments.of(buffer.get()[0] + ": " + name, buffer.get()[1], hex)));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileBodies")
    void aHostileBodyIsCorruptAndKeepsNothing(String name, Function<byte[], ByteBuf> arrive, String hex) {
        ByteBuf body = arrive.apply(HexFormat.of().parseHex(hex));
        try {
            assertThatThrownBy(() -> CODEC.decodeProduceRequest(body)).as(name)
                    .isInstanceOfSatisfying(ProtocolException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.CORRUPT_MESSAGE));
            assertThat(body.refCnt()).as("references left by a refused request").isOne();
        } finally {
            body.release();
        }
    }

    /**
     * The scan reads the body where it lies. protobuf-java's CodedInputStream would copy a direct
     * body into an array first (about 11 KB here); the scan's own objects are a few hundred bytes.
     * The direct body is a JDK direct buffer wrapped, not one from Netty's allocator: the leak
     * detector, at paranoid in every test run, records a stack trace at every access of a buffer
     * it tracks, which is allocation this test would otherwise count as the scan's.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("untrackedBuffers")
    void aScanAllocatesAFewObjectsAndNoCopyOfTheBody(String kind, Function<byte[], ByteBuf> arrive) {
        ByteBuf body = arrive.apply(CODEC.encode(new ProduceRequest(PRODUCER_ID, BASE_SEQUENCE, records(RECORDS))));
        try {
            int bodyBytes = body.readableBytes();
            scan(body); // warm: class loading and first-call costs are not the scan's
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long before = threads.getCurrentThreadAllocatedBytes();

            scan(body);

            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertThat(allocated).as("bytes allocated scanning a body of %d bytes", bodyBytes).isLessThan(bodyBytes / 10);
        } finally {
            body.release();
        }
    }

    /** Heap and direct bodies that Netty's leak detector does not track (see the test above). */
    static Stream<Arguments> untrackedBuffers() {
        Function<byte[], ByteBuf> heap = Unpooled::wrappedBuffer;
        Function<byte[], ByteBuf> direct = bytes -> Unpooled.wrappedBuffer(
                java.nio.ByteBuffer.allocateDirect(bytes.length).put(bytes).flip());
        return Stream.of(Arguments.of("heap", heap), Arguments.of("direct", direct));
    }

    private static void scan(ByteBuf body) {
        body.readerIndex(0);
        CODEC.decodeProduceRequest(body).release();
    }

    private static List<LogRecord> records(int count) {
        List<LogRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] value = new byte[VALUE_BYTES];
            value[0] = (byte) i;
            records.add(new LogRecord(new byte[] {(byte) i}, value, NOW_MS + i));
        }
        return records;
    }
}
