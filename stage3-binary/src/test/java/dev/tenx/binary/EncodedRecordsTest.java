package dev.tenx.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenx.batching.BatchRecords;
import dev.tenx.common.wire.JsonCodec;
import dev.tenx.common.wire.LogRecord;
import dev.tenx.common.wire.ProduceRequest;
import dev.tenx.common.wire.ProtobufCodec;
import dev.tenx.common.wire.RecordBatch;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The producer's encode-once buffer: its request body is, byte for byte, what the
 * protoc-generated encoder makes of the same request, for the varints of every length (empty
 * keys, values of one- and two-byte lengths, negative ids that take ten bytes); the broker's
 * scan reads it, and its records are the buffer's own bytes; a retry gets the same bytes; a batch is
 * allocated once, whole, and still takes records past what it was sized for; and appending
 * allocates nothing per record.
 */
class EncodedRecordsTest {

    private static final int CAPACITY_BYTES = 16 * 1024;
    private static final long PRODUCER_ID = 1L << 40;
    private static final long NOW_MS = 1_764_000_000_000L;
    private static final byte[] NO_KEY = new byte[0];

    private final BatchRecords.Factory factory = EncodedRecords.factory(ProtobufCodec.INSTANCE);

    @Test
    void theRequestBodyIsWhatTheGeneratedEncoderMakesOfTheSameRequest() {
        List<LogRecord> records = List.of(
                new LogRecord(new byte[0], new byte[0], 0),
                new LogRecord(bytes(3, 1), bytes(100, 2), NOW_MS),
                new LogRecord(bytes(1, 3), bytes(200, 4), -1),
                new LogRecord(new byte[0], bytes(20_000, 5), Long.MAX_VALUE));
        for (long producerId : new long[] {ProduceRequest.NO_PRODUCER_ID, 0, PRODUCER_ID, Long.MAX_VALUE}) {
            for (int baseSequence : new int[] {ProduceRequest.NO_SEQUENCE, 0, Integer.MAX_VALUE}) {
                assertThat(body(fill(records), producerId, baseSequence))
                        .as("body under producerId=%d, baseSequence=%d", producerId, baseSequence)
                        .isEqualTo(ProtobufCodec.INSTANCE.encode(new ProduceRequest(producerId, baseSequence, records)));
            }
        }
    }

    @Test
    void theBrokersScanReadsItAndItsRecordsAreTheBytesTheProducerWrote() {
        List<LogRecord> records = randomRecords(50);
        BatchRecords batch = fill(records);
        ByteBuf body = batch.requestBody(PRODUCER_ID, 7);
        int envelopeBytes = body.readableBytes() - ((EncodedRecords) batch).recordsBytes();
        RecordBatch decoded = ProtobufCodec.INSTANCE.decodeProduceRequest(body.duplicate());
        try {
            assertThat(decoded.producerId()).isEqualTo(PRODUCER_ID);
            assertThat(decoded.baseSequence()).isEqualTo(7);
            assertThat(decoded.recordCount()).isEqualTo(records.size());
            assertThat(ByteBufUtil.equals(decoded.records(), body.slice(envelopeBytes, body.readableBytes() - envelopeBytes)))
                    .as("the records the broker stores are the bytes send() wrote").isTrue();
            assertThat(decoded.decodedRecords(ProtobufCodec.INSTANCE)).as("decoded at the edge")
                    .containsExactlyElementsOf(records);
        } finally {
            decoded.release();
            body.release();
        }
    }

    @Test
    void aRetryGetsTheSameBytes() {
        BatchRecords batch = fill(randomRecords(10));

        assertThat(body(batch, PRODUCER_ID, 42)).isEqualTo(body(batch, PRODUCER_ID, 42));
    }

    @Test
    void recordsBeyondTheCapacityTheAccumulatorCountedStillFit() {
        List<LogRecord> many = randomRecords(100);
        BatchRecords batch = factory.create(1);
        many.forEach(r -> batch.append(r.key(), r.value(), r.timestampMs()));

        assertThat(body(batch, PRODUCER_ID, 0))
                .isEqualTo(ProtobufCodec.INSTANCE.encode(new ProduceRequest(PRODUCER_ID, 0, many)));
    }

    /**
     * The technique's claim on the producer: no object per record. A LogRecord alone is 24 bytes
     * of header and fields; appends into a buffer with room for them must allocate far less than
     * one such object each (the bound leaves room for whatever the measuring call costs).
     */
    @Test
    void theBatchIsAllocatedOnceWithRoomForItsCapacityAndTheEnvelope() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        factory.create(CAPACITY_BYTES); // warm
        long before = threads.getCurrentThreadAllocatedBytes();

        BatchRecords batch = factory.create(CAPACITY_BYTES);

        assertThat(threads.getCurrentThreadAllocatedBytes() - before).as("bytes allocated for a new batch")
                .isBetween((long) CAPACITY_BYTES + EncodedRecords.ENVELOPE_ROOM, 2L * CAPACITY_BYTES);
        assertThat(batch).isNotNull();
    }

    @Test
    void appendingAllocatesNothingPerRecord() {
        int records = 100;
        byte[] value = bytes(100, 9);
        fill(randomRecords(records)); // warm: the same code paths once, so that class loading is not counted
        BatchRecords batch = factory.create(CAPACITY_BYTES);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();

        for (int i = 0; i < records; i++) {
            batch.append(NO_KEY, value, NOW_MS + i);
        }

        long perRecordBytes = (threads.getCurrentThreadAllocatedBytes() - before) / records;
        assertThat(perRecordBytes).as("bytes allocated per append into a batch with room for them").isLessThan(8);
    }

    @Test
    void theFactoryRefusesACodecThatIsNotProtobuf() {
        assertThatThrownBy(() -> EncodedRecords.factory(JsonCodec.INSTANCE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("encoding=JSON");
    }

    private BatchRecords fill(List<LogRecord> records) {
        BatchRecords batch = factory.create(CAPACITY_BYTES);
        records.forEach(r -> batch.append(r.key(), r.value(), r.timestampMs()));
        return batch;
    }

    private static byte[] body(BatchRecords batch, long producerId, int baseSequence) {
        ByteBuf body = batch.requestBody(producerId, baseSequence);
        try {
            return ByteBufUtil.getBytes(body);
        } finally {
            body.release();
        }
    }

    static List<LogRecord> randomRecords(int count) {
        SplittableRandom random = new SplittableRandom(count);
        List<LogRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] key = new byte[random.nextInt(4)];
            byte[] value = new byte[random.nextInt(300)];
            random.nextBytes(key);
            random.nextBytes(value);
            records.add(new LogRecord(key, value, NOW_MS + i));
        }
        return records;
    }

    private static byte[] bytes(int length, int fill) {
        byte[] out = new byte[length];
        Arrays.fill(out, (byte) fill);
        return out;
    }
}
