package dev.tenx.zerocopy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenx.common.errors.BrokerException;
import dev.tenx.common.spi.RecordHandler;
import dev.tenx.common.wire.ErrorCode;
import dev.tenx.common.wire.FetchResponse;
import dev.tenx.common.wire.LogRecord;
import dev.tenx.common.wire.ProtobufCodec;
import dev.tenx.common.wire.ProtocolException;
import dev.tenx.common.wire.RecordView;
import dev.tenx.common.wire.RecordsDescriptor;
import dev.tenx.pipeline.FetchedRecords;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The consumer's side of fewer copies: a fetch answer's records reach the handler as one
 * flyweight view over the buffer they arrived in, with their offsets; a key or value is copied
 * only when the handler asks; the buffer is released exactly once, however the poll ends.
 */
class FetchViewTest {

    private static final ProtobufCodec CODEC = ProtobufCodec.INSTANCE;
    private static final long BASE_OFFSET = 1_000;
    private static final long LOG_END_OFFSET = 5_000;
    private static final long TIMESTAMP_MS = 1_700_000_000_000L;

    /** The response frame's body, as the connection hands it to the reader; the test holds one reference. */
    private ByteBuf body;

    @AfterEach
    void releaseBody() {
        assertThat(body.refCnt()).as("references left on the frame's buffer: the test's own").isOne();
        body.release();
    }

    @Test
    void eachRecordIsHandedOverAsOneReusedViewWithItsOffset() {
        List<LogRecord> records = records(20);
        body = answer(FetchResponse.ok(BASE_OFFSET, LOG_END_OFFSET, List.of()), records);
        FetchedRecords fetched = read(body);
        List<Long> offsets = new ArrayList<>();
        List<LogRecord> copies = new ArrayList<>();
        Map<RecordView, Boolean> views = new IdentityHashMap<>();

        int handed = fetched.forEach(BASE_OFFSET, (offset, view) -> {
            offsets.add(offset);
            copies.add(LogRecord.copyOf(view));
            views.put(view, true);
        });

        assertThat(handed).isEqualTo(records.size());
        assertThat(copies).containsExactlyElementsOf(records);
        assertThat(offsets).first().isEqualTo(BASE_OFFSET);
        assertThat(offsets).last().isEqualTo(BASE_OFFSET + records.size() - 1);
        assertThat(views).as("views handed over: one flyweight, no object per record").hasSize(1);
        assertThat(views.keySet()).allSatisfy(view -> assertThat(view).isNotInstanceOf(LogRecord.class));
    }

    @Test
    void aValueIsReadFromTheBufferItArrivedInWhenTheHandlerAsks() {
        byte[] value = new byte[64];
        Arrays.fill(value, (byte) 0x11);
        body = answer(FetchResponse.ok(BASE_OFFSET, LOG_END_OFFSET, List.of()),
                List.of(new LogRecord(new byte[0], value, TIMESTAMP_MS)));
        FetchedRecords fetched = read(body);
        body.setByte(indexOf(body, value), 0x22); // after arrival, before the poll
        List<LogRecord> copies = new ArrayList<>();

        fetched.forEach(BASE_OFFSET, (offset, view) -> copies.add(LogRecord.copyOf(view)));

        assertThat(copies).singleElement().satisfies(copy -> assertThat(copy.value()[0])
                .as("the value's first byte, changed in the received buffer after arrival").isEqualTo((byte) 0x22));
    }

    @Test
    void recordsBeforeThePositionAreSkipped() {
        List<LogRecord> records = records(10);
        body = answer(FetchResponse.ok(BASE_OFFSET, LOG_END_OFFSET, List.of()), records);
        List<Long> offsets = new ArrayList<>();

        int handed = read(body).forEach(BASE_OFFSET + 4, (offset, view) -> offsets.add(offset));

        assertThat(handed).isEqualTo(6);
        assertThat(offsets).containsExactly(1_004L, 1_005L, 1_006L, 1_007L, 1_008L, 1_009L);
    }

    @Test
    void theBrokersErrorIsThrownAndTheBufferGivenBack() {
        body = answer(FetchResponse.error(ErrorCode.OFFSET_OUT_OF_RANGE, "offset=9 is past the log end", 3), List.of());

        assertThatThrownBy(() -> read(body).forEach(BASE_OFFSET, (offset, view) -> { }))
                .isInstanceOf(BrokerException.class)
                .hasMessageContaining("offset=9 is past the log end");
    }

    @Test
    void aHandlerThatThrowsStillGivesTheBufferBack() {
        body = answer(FetchResponse.ok(BASE_OFFSET, LOG_END_OFFSET, List.of()), records(5));
        RuntimeException thrown = new IllegalStateException("the application failed");
        RecordHandler failing = (offset, view) -> {
            throw thrown;
        };

        assertThatThrownBy(() -> read(body).forEach(BASE_OFFSET, failing)).isSameAs(thrown);
    }

    @Test
    void aCorruptRecordLateInTheAnswerFailsThePollBeforeAnyRecordIsHandedOver() {
        body = answer(FetchResponse.ok(BASE_OFFSET, LOG_END_OFFSET, List.of()), records(3));
        // a fourth record whose frame (tag, length) is sound, so it is counted on arrival, and
        // whose fields are not: three bytes that are no protobuf field
        body.writeByte(RecordsDescriptor.RECORD_TAG).writeByte(3).writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
        FetchedRecords fetched = read(body);
        List<Long> handed = new ArrayList<>();

        assertThatThrownBy(() -> fetched.forEach(BASE_OFFSET, (offset, view) -> handed.add(offset)))
                .isInstanceOf(ProtocolException.class);
        assertThat(handed).as("records handed over before the corrupt one was found").isEmpty();
    }

    @Test
    void theListApiStillReturnsRecordsThatOutliveThePoll() {
        List<LogRecord> records = records(5);
        body = answer(FetchResponse.ok(BASE_OFFSET, LOG_END_OFFSET, List.of()), records);

        assertThat(read(body).records(BASE_OFFSET)).extracting(r -> r.record()).containsExactlyElementsOf(records);
    }

    private static FetchedRecords read(ByteBuf body) {
        return FetchView.readerFor(CODEC).read(body);
    }

    private static int indexOf(ByteBuf haystack, byte[] needle) {
        for (int i = haystack.readerIndex(); i + needle.length <= haystack.writerIndex(); i++) {
            if (ByteBufUtil.equals(haystack, i, Unpooled.wrappedBuffer(needle), 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("value bytes not found in the answer");
    }

    private static List<LogRecord> records(int count) {
        List<LogRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] value = new byte[10 + i * 7];
            Arrays.fill(value, (byte) i);
            records.add(new LogRecord(new byte[] {(byte) i}, value, TIMESTAMP_MS + i));
        }
        return records;
    }

    /** The body the broker writes: the envelope, then the records part as stored, in a pooled buffer as Netty reads it. */
    private static ByteBuf answer(FetchResponse envelope, List<LogRecord> records) {
        ByteBuf stored = CODEC.encodeRecords(records);
        try {
            return CODEC.encodeFetchResponse(PooledByteBufAllocator.DEFAULT, envelope, stored);
        } finally {
            stored.release();
        }
    }
}
