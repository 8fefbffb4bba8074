package dev.tenx.common.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every message type through both codecs and back, equal to what went in: empty and large
 * byte arrays, every byte value, extreme numbers, every error code.
 */
class MessageCodecRoundTripTest {

    private static final int LARGE = 1024 * 1024;

    static Stream<Message> messages() {
        return Stream.of(
                ProduceRequest.of(List.of()),
                ProduceRequest.of(records()),
                new ProduceRequest(Long.MAX_VALUE, Integer.MAX_VALUE, records()),
                new ProduceRequest(Long.MIN_VALUE, Integer.MIN_VALUE, List.of(record(0, 0, 0))),
                ProduceResponse.ok(0),
                ProduceResponse.ok(Long.MAX_VALUE),
                ProduceResponse.error(ErrorCode.STORAGE_ERROR, "disk full: é ✓"),
                new FetchRequest(0, 1, 0),
                new FetchRequest(Long.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE),
                FetchResponse.ok(5, 5, List.of()),
                FetchResponse.ok(5, 8, records()),
                FetchResponse.error(ErrorCode.OFFSET_OUT_OF_RANGE, "offset=9, log end=8", 8),
                new StatsRequest(),
                new StatsResponse(Map.of()),
                new StatsResponse(counters()),
                new ErrorResponse(ErrorCode.NONE, ""));
    }

    static Stream<ErrorCode> errorCodes() {
        return Arrays.stream(ErrorCode.values());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Encoding.class)
    void everyMessageRoundTrips(Encoding encoding) {
        MessageCodec codec = MessageCodec.forEncoding(encoding);

        messages().forEach(message -> assertThat(roundTrip(codec, message))
                .as("%s after %s encode and decode", message.getClass().getSimpleName(), encoding)
                .isEqualTo(message));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Encoding.class)
    void everyErrorCodeRoundTrips(Encoding encoding) {
        MessageCodec codec = MessageCodec.forEncoding(encoding);

        errorCodes().forEach(code -> assertThat(roundTrip(codec, new ErrorResponse(code, code.name())))
                .as("ErrorResponse with %s", code)
                .isEqualTo(new ErrorResponse(code, code.name())));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Encoding.class)
    void theCodecNamesItsEncoding(Encoding encoding) {
        assertThat(MessageCodec.forEncoding(encoding).encoding()).isEqualTo(encoding);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Encoding.class)
    void decodeConsumesOnlyTheReadableBytesAndDoesNotReleaseThem(Encoding encoding) {
        MessageCodec codec = MessageCodec.forEncoding(encoding);
        FetchRequest request = new FetchRequest(3, 4, 5);
        byte[] body = codec.encode(request);
        var buffer = Unpooled.buffer().writeBytes(new byte[] {9, 9}).writeBytes(body);
        buffer.skipBytes(2);

        assertThat(codec.decode(FetchRequest.class, buffer)).isEqualTo(request);
        assertThat(buffer.readableBytes()).as("readable bytes left after decode, in every encoding").isZero();
        assertThat(buffer.refCnt()).as("reference count after decode").isEqualTo(1);
        buffer.release();
    }

    private static Message roundTrip(MessageCodec codec, Message message) {
        return codec.decode(message.getClass(), Unpooled.wrappedBuffer(codec.encode(message)));
    }

    private static List<LogRecord> records() {
        return List.of(
                record(0, 0, 0),
                record(0, 10, 1),
                record(10, 0, -1),
                new LogRecord(everyByteValue(), everyByteValue(), Long.MAX_VALUE),
                record(16, LARGE, Long.MIN_VALUE));
    }

    private static LogRecord record(int keyLength, int valueLength, long timestampMs) {
        return new LogRecord(randomBytes(keyLength), randomBytes(valueLength), timestampMs);
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new SplittableRandom(length).nextBytes(bytes);
        return bytes;
    }

    private static byte[] everyByteValue() {
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }

    private static Map<String, Long> counters() {
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("fsyncs", 3L);
        counters.put("zero", 0L);
        counters.put("negative", -1L);
        counters.put("max", Long.MAX_VALUE);
        return counters;
    }
}
