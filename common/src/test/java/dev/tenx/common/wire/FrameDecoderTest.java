package dev.tenx.common.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link FrameDecoder} on an {@link EmbeddedChannel}: frames cut from whatever reads deliver,
 * each fault reported as the documented {@link ProtocolException}, everything after a fault
 * discarded, and every buffer released once its frame is.
 */
class FrameDecoderTest {

    private static final int MAX_FRAME_BYTES = 1024;

    private final EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(MAX_FRAME_BYTES));

    @AfterEach
    void closeChannel() {
        channel.finishAndReleaseAll();
    }

    @Test
    void twoFramesInOneReadBecomeTwoFrames() {
        ByteBuf read = Unpooled.buffer();
        writeFrame(read, ApiKey.PRODUCE, 1, "first");
        writeFrame(read, ApiKey.FETCH, 2, "second!");

        channel.writeInbound(read);

        assertFrame(channel.readInbound(), ApiKey.PRODUCE, 1, "first");
        assertFrame(channel.readInbound(), ApiKey.FETCH, 2, "second!");
        assertThat(channel.<Object>readInbound()).as("a third frame").isNull();
    }

    @Test
    void aFrameSplitAcrossReadsComesOutOnceItsLastByteArrives() {
        ByteBuf whole = Unpooled.buffer();
        writeFrame(whole, ApiKey.PRODUCE, 3, "split into single bytes");

        while (whole.readableBytes() > 1) {
            channel.writeInbound(whole.readRetainedSlice(1));
            assertThat(channel.<Object>readInbound()).as("a frame before its last byte").isNull();
        }
        channel.writeInbound(whole.readRetainedSlice(1));
        whole.release();

        assertFrame(channel.readInbound(), ApiKey.PRODUCE, 3, "split into single bytes");
    }

    @Test
    void aFrameWithAnEmptyBodyIsAFrame() {
        channel.writeInbound(frame(ApiKey.STATS, 4, ""));

        assertFrame(channel.readInbound(), ApiKey.STATS, 4, "");
    }

    @Test
    void aFrameExactlyAtTheLimitIsAccepted() {
        String body = "x".repeat(MAX_FRAME_BYTES - FrameDescriptor.HEADER_LENGTH);

        channel.writeInbound(frame(ApiKey.PRODUCE, 5, body));

        assertFrame(channel.readInbound(), ApiKey.PRODUCE, 5, body);
    }

    @Test
    void unknownApiKeysAndEncodingsPassThroughForTheHandlerToRefuse() {
        ByteBuf read = header(FrameDescriptor.MIN_LENGTH_FIELD_VALUE, FrameDescriptor.MAGIC, 42, 99, 6);

        channel.writeInbound(read);

        Frame frame = channel.readInbound();
        assertThat(frame.encoding()).as("encoding of id 42").isNull();
        assertThat(frame.apiKey()).as("api key of id 99").isNull();
        assertThat(frame.correlationId()).isEqualTo(6);
        frame.release();
    }

    @Test
    void aFrameOneByteOverTheLimitIsMessageTooLargeOnItsHeaderAlone() {
        int lengthField = MAX_FRAME_BYTES + 1 - FrameDescriptor.LENGTH_FIELD_LENGTH;

        ProtocolException fault = faultOf(header(lengthField, FrameDescriptor.MAGIC, 0, 0, 7));

        assertFault(fault, ErrorCode.MESSAGE_TOO_LARGE, 7);
        assertThat(fault).hasMessageContaining("frame.bytes=" + (MAX_FRAME_BYTES + 1));
    }

    @Test
    void theLargestLengthFieldIsMessageTooLarge() {
        assertFault(faultOf(header(Integer.MAX_VALUE, FrameDescriptor.MAGIC, 0, 0, 8)), ErrorCode.MESSAGE_TOO_LARGE, 8);
    }

    @Test
    void aNegativeLengthIsCorruptMessage() {
        assertFault(faultOf(header(-1, FrameDescriptor.MAGIC, 0, 0, 9)),
                ErrorCode.CORRUPT_MESSAGE, ProtocolException.UNKNOWN_CORRELATION_ID);
    }

    @Test
    void aLengthShorterThanTheHeaderIsCorruptMessage() {
        ProtocolException fault = faultOf(header(FrameDescriptor.MIN_LENGTH_FIELD_VALUE - 1, FrameDescriptor.MAGIC, 0, 0, 10));

        assertFault(fault, ErrorCode.CORRUPT_MESSAGE, ProtocolException.UNKNOWN_CORRELATION_ID);
        assertThat(fault).hasMessageContaining("length field=7");
    }

    @Test
    void aWrongMagicIsCorruptMessage() {
        ProtocolException fault = faultOf(header(FrameDescriptor.MIN_LENGTH_FIELD_VALUE, 0x70, 0, 0, 11));

        assertFault(fault, ErrorCode.CORRUPT_MESSAGE, 11);
        assertThat(fault).hasMessageContaining("magic=0x70");
    }

    @Test
    void anHttpRequestIsCalledNotATenxFrameRatherThanTooLarge() {
        ByteBuf http = Unpooled.copiedBuffer("GET / HTTP/1.1\r\nHost: x\r\n\r\n", StandardCharsets.US_ASCII);

        ProtocolException fault = faultOf(http);

        assertThat(fault.errorCode()).isEqualTo(ErrorCode.CORRUPT_MESSAGE);
        assertThat(fault).hasMessageContaining("not a tenx frame");
    }

    @Test
    void noVerdictIsGivenBeforeTheWholeHeaderArrives() {
        ByteBuf header = header(-1, FrameDescriptor.MAGIC, 0, 0, 12);

        channel.writeInbound(header.readRetainedSlice(FrameDescriptor.HEADER_LENGTH - 1));

        assertThat(channel.<Object>readInbound()).isNull();
        assertFault(faultOf(header), ErrorCode.CORRUPT_MESSAGE, ProtocolException.UNKNOWN_CORRELATION_ID);
    }

    @Test
    void aValidFrameAfterAFaultInTheSameReadIsDiscarded() {
        ByteBuf read = header(-1, FrameDescriptor.MAGIC, 0, 0, 13);
        writeFrame(read, ApiKey.PRODUCE, 14, "never seen");

        faultOf(read);

        assertThat(channel.<Object>readInbound()).as("a frame after the fault").isNull();
    }

    @Test
    void everyReadAfterAFaultIsDiscardedAndReleased() {
        faultOf(header(-1, FrameDescriptor.MAGIC, 0, 0, 15));
        ByteBuf later = frame(ApiKey.PRODUCE, 16, "never seen either");

        channel.writeInbound(later);

        assertThat(channel.<Object>readInbound()).as("a frame after the fault").isNull();
        assertThat(later.refCnt()).as("reference count of a read after the fault").isZero();
    }

    @Test
    void aFramesBodyHoldsItsReadUntilTheFrameIsReleased() {
        ByteBuf read = frame(ApiKey.PRODUCE, 17, "retained");

        channel.writeInbound(read);
        Frame frame = channel.readInbound();

        assertThat(frame.body().refCnt()).as("body before release").isPositive();
        frame.release();
        assertThat(frame.body().refCnt()).as("body after release").isZero();
        assertThat(read.refCnt()).as("the read the frame was cut from, after release").isZero();
    }

    @Test
    void readsSplitAcrossAFrameAreReleasedOnceTheFrameIs() {
        ByteBuf whole = frame(ApiKey.PRODUCE, 18, "two reads");
        List<ByteBuf> reads = new ArrayList<>(List.of(whole.readRetainedSlice(5), whole.readRetainedSlice(whole.readableBytes())));
        whole.release();

        reads.forEach(channel::writeInbound);
        Frame frame = channel.readInbound();
        frame.release();

        assertThat(reads).as("reference counts of the reads").allSatisfy(r -> assertThat(r.refCnt()).isZero());
    }

    @Test
    void aLimitBelowTheHeaderIsRefused() {
        assertThatThrownBy(() -> new FrameDecoder(FrameDescriptor.HEADER_LENGTH - 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxFrameBytes=11");
    }

    private ProtocolException faultOf(ByteBuf read) {
        Throwable thrown = catchThrowable(() -> channel.writeInbound(read));
        assertThat(thrown).as("what the decoder throws").isInstanceOf(DecoderException.class)
                .cause().isInstanceOf(ProtocolException.class);
        return (ProtocolException) thrown.getCause();
    }

    private static void assertFault(ProtocolException fault, ErrorCode code, int correlationId) {
        assertThat(fault.errorCode()).as("error code").isEqualTo(code);
        assertThat(fault.correlationId()).as("correlation id").isEqualTo(correlationId);
    }

    private static void assertFrame(Frame frame, ApiKey apiKey, int correlationId, String body) {
        try {
            assertThat(frame).as("a frame").isNotNull();
            assertThat(frame.apiKey()).isEqualTo(apiKey);
            assertThat(frame.encoding()).isEqualTo(Encoding.JSON);
            assertThat(frame.correlationId()).isEqualTo(correlationId);
            assertThat(frame.body().toString(StandardCharsets.UTF_8)).as("body").isEqualTo(body);
        } finally {
            if (frame != null) {
                frame.release();
            }
        }
    }

    private static ByteBuf frame(ApiKey apiKey, int correlationId, String body) {
        ByteBuf out = Unpooled.buffer();
        writeFrame(out, apiKey, correlationId, body);
        return out;
    }

    private static void writeFrame(ByteBuf out, ApiKey apiKey, int correlationId, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        FrameDescriptor.writeHeader(out, bytes.length, Encoding.JSON, apiKey, correlationId);
        out.writeBytes(bytes);
    }

    /** A header with any field values, legal or not. */
    private static ByteBuf header(int lengthField, int magic, int encodingId, int apiKeyId, int correlationId) {
        return Unpooled.buffer()
                .writeInt(lengthField)
                .writeByte(magic)
                .writeByte(encodingId)
                .writeShort(apiKeyId)
                .writeInt(correlationId);
    }
}
