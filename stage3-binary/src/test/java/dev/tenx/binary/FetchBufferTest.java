package dev.tenx.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenx.common.errors.BrokerException;
import dev.tenx.common.spi.ConsumedRecord;
import dev.tenx.common.wire.ErrorCode;
import dev.tenx.common.wire.ErrorResponse;
import dev.tenx.common.wire.FetchResponse;
import dev.tenx.common.wire.JsonCodec;
import dev.tenx.common.wire.LogRecord;
import dev.tenx.common.wire.ProtobufCodec;
import dev.tenx.common.wire.ProtocolException;
import dev.tenx.common.wire.RecordsDescriptor;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The consumer's side of "decoded only at the edge": a fetch answer read from its buffer as the
 * broker wrote it (envelope, then the stored records part), its count known on arrival, its
 * records decoded at poll; the broker's error codes surface at poll; corrupt envelopes and record
 * frames are refused on arrival; and the frame's buffer is released exactly once, whichever way
 * the answer ends, and never on a refused one.
 */
class FetchBufferTest {

    private static final ProtobufCodec CODEC = ProtobufCodec.INSTANCE;
    private static final long BASE_OFFSET = 1_000;
    private static final long LOG_END_OFFSET = 5_000;

    /** The response frame's body, as the connection hands it to the reader; the test holds one reference. */
    private ByteBuf body;

    @AfterEach
    void releaseBody() {
        assertThat(body.refCnt()).as("references left on the frame's buffer: the test's own").isOne();
        body.release();
    }

    @Test
    void theRecordsAreCountedOnArrivalAndDecodedAtPollWithTheirOffsets() {
        List<LogRecord> records = EncodedRecordsTest.randomRecords(20);
        body = answer(FetchResponse.ok(BASE_OFFSET, LOG_END_OFFSET, List.of()), records);

        FetchBuffer fetched = FetchBuffer.read(CODEC, body);

        assertThat(fetched.hasRecords()).isTrue();
        assertThat(fetched.count()).isEqualTo(records.size());
        assertThat(body.refCnt()).as("the records part is kept, not copied: a reference on the frame").isEqualTo(2);
        List<ConsumedRecord> polled = fetched.records(fetched.baseOffset());
        assertThat(polled).extracting(ConsumedRecord::record).containsExactlyElementsOf(records);
        assertThat(polled).extracting(ConsumedRecord::offset).first().isEqualTo(BASE_OFFSET);
        assertThat(polled).extracting(ConsumedRecord::offset).last().isEqualTo(BASE_OFFSET + records.size() - 1);
    }

    @Test
    void anAnswerDroppedUnreadGivesItsBufferBack() {
        body = answer(FetchResponse.ok(BASE_OFFSET, LOG_END_OFFSET, List.of()), EncodedRecordsTest.randomRecords(3));

        FetchBuffer.read(CODEC, body).release();
    }

    @Test
    void anEmptyAnswerHasNoRecordsAndPollsEmpty() {
        body = answer(FetchResponse.ok(LOG_END_OFFSET, LOG_END_OFFSET, List.of()), List.of());

        FetchBuffer fetched = FetchBuffer.read(CODEC, body);

        assertThat(fetched.hasRecords()).isFalse();
        assertThat(fetched.count()).isZero();
        assertThat(fetched.records(fetched.baseOffset())).isEmpty();
    }

    @Test
    void theBrokersErrorCodeIsThrownAtPoll() {
        body = answer(FetchResponse.error(ErrorCode.OFFSET_OUT_OF_RANGE, "offset=9 is past the log end", 3), List.of());

        FetchBuffer fetched = FetchBuffer.read(CODEC, body);

        assertThat(fetched.hasRecords()).isFalse();
        assertThatThrownBy(() -> fetched.records(fetched.baseOffset())).isInstanceOf(BrokerException.class)
                .hasMessageContaining("offset=9")
                .satisfies(e -> assertThat(((BrokerException) e).errorCode()).isEqualTo(ErrorCode.OFFSET_OUT_OF_RANGE));
    }

    @Test
    void aRecordWhoseLengthRunsPastTheEndIsRefusedOnArrival() {
        ByteBuf whole = answer(FetchResponse.ok(BASE_OFFSET, LOG_END_OFFSET, List.of()),
                EncodedRecordsTest.randomRecords(2));
        body = whole.retainedSlice(0, whole.readableBytes() - 1);
        whole.release();

        assertCorrupt("bytes are left");
    }

    @Test
    void anEnvelopeWithAnUnknownFieldIsRefused() {
        ByteBuf envelope = envelope(FetchResponse.ok(BASE_OFFSET, LOG_END_OFFSET, List.of()));
        body = Unpooled.buffer().writeByte(RecordsDescriptor.tag(9, 0)).writeByte(1).writeBytes(envelope);
        envelope.release();

        assertCorrupt("tag=72");
    }

    @Test
    void anEnvelopeThatLacksAFieldIsRefused() {
        // an error response's body is fields 1 and 2 of a fetch answer's envelope, and nothing more
        body = Unpooled.wrappedBuffer(CODEC.encode(new ErrorResponse(ErrorCode.NONE, "")));

        assertCorrupt("lacks an envelope field");
    }

    @Test
    void somethingOtherThanARecordAfterTheEnvelopeIsRefused() {
        ByteBuf envelope = envelope(FetchResponse.ok(BASE_OFFSET, LOG_END_OFFSET, List.of()));
        body = Unpooled.buffer().writeBytes(envelope).writeByte(RecordsDescriptor.tag(1, 0)).writeByte(0);
        envelope.release();

        assertCorrupt("expected a record");
    }

    @Test
    void theReaderIsForProtobufOnly() {
        body = Unpooled.buffer();
        assertThatThrownBy(() -> FetchBuffer.readerFor(JsonCodec.INSTANCE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("encoding=JSON");
    }

    private void assertCorrupt(String message) {
        assertThatThrownBy(() -> FetchBuffer.read(CODEC, body)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((ProtocolException) e).errorCode()).isEqualTo(ErrorCode.CORRUPT_MESSAGE));
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

    private static ByteBuf envelope(FetchResponse envelope) {
        return answer(envelope, List.of());
    }
}
