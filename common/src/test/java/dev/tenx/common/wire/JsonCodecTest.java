package dev.tenx.common.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JSON encoding as documented, and its strictness: anything that is not exactly a message of
 * the asked type is {@link ErrorCode#CORRUPT_MESSAGE}, so a broker never stores a half-understood
 * record.
 */
class JsonCodecTest {

    private static final String DOCUMENTED_PRODUCE_REQUEST =
            "{\"producerId\":-1,\"baseSequence\":-1,\"records\":[{\"key\":\"aw==\",\"value\":\"dg==\",\"timestampMs\":7}]}";

    @Test
    void aProduceRequestEncodesAsDocumented() {
        ProduceRequest request = ProduceRequest.of(List.of(new LogRecord(utf8("k"), utf8("v"), 7)));

        byte[] body = JsonCodec.INSTANCE.encode(request);

        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo(DOCUMENTED_PRODUCE_REQUEST);
        assertThat(body).as("documented length").hasSize(93);
    }

    @Test
    void enumsTravelByName() {
        String json = new String(JsonCodec.INSTANCE.encode(new ErrorResponse(ErrorCode.UNSUPPORTED_API, "no")),
                StandardCharsets.UTF_8);

        assertThat(json).isEqualTo("{\"errorCode\":\"UNSUPPORTED_API\",\"errorMessage\":\"no\"}");
    }

    @Test
    void anUnknownFieldIsCorrupt() {
        assertCorrupt(ProduceRequest.class, "{\"producerId\":-1,\"baseSequence\":-1,\"records\":[],\"extra\":1}");
    }

    @Test
    void missingRecordsAreCorrupt() {
        assertCorrupt(ProduceRequest.class, "{\"producerId\":-1,\"baseSequence\":-1}");
    }

    @Test
    void nullRecordsAreCorrupt() {
        assertCorrupt(ProduceRequest.class, "{\"producerId\":-1,\"baseSequence\":-1,\"records\":null}");
    }

    @Test
    void aMissingNumberIsCorrupt() {
        assertCorrupt(ProduceRequest.class, "{\"baseSequence\":-1,\"records\":[]}");
    }

    @Test
    void aNullNumberIsCorrupt() {
        assertCorrupt(FetchRequest.class, "{\"offset\":null,\"maxRecords\":1,\"maxBytes\":1}");
    }

    @Test
    void aRecordWithoutAValueIsCorrupt() {
        assertCorrupt(ProduceRequest.class,
                "{\"producerId\":-1,\"baseSequence\":-1,\"records\":[{\"key\":\"aw==\",\"timestampMs\":7}]}");
    }

    @ParameterizedTest
    @ValueSource(classes = {ProduceRequest.class, ProduceResponse.class, FetchRequest.class, FetchResponse.class,
            StatsRequest.class, StatsResponse.class, ErrorResponse.class})
    void aNullBodyIsCorrupt(Class<? extends Message> type) {
        assertCorrupt(type, "null");
        assertCorrupt(type, " null\n");
    }

    @Test
    void aNullBodyIsCorruptBecauseItIsNull() {
        assertThat(decodeFailure(StatsRequest.class, "null")).hasMessageContaining("the body is null");
    }

    @Test
    void aNullRecordIsCorrupt() {
        assertCorrupt(ProduceRequest.class, "{\"producerId\":-1,\"baseSequence\":-1,\"records\":[null]}");
        assertCorrupt(FetchResponse.class,
                "{\"errorCode\":\"NONE\",\"errorMessage\":\"\",\"baseOffset\":0,\"logEndOffset\":1,\"records\":[null]}");
    }

    @Test
    void aNullRecordBehindAValidOneIsCorrupt() {
        assertCorrupt(ProduceRequest.class, "{\"producerId\":-1,\"baseSequence\":-1,\"records\":["
                + "{\"key\":\"aw==\",\"value\":\"dg==\",\"timestampMs\":7},null]}");
    }

    @Test
    void aNullKeyIsCorrupt() {
        assertCorrupt(ProduceRequest.class,
                "{\"producerId\":-1,\"baseSequence\":-1,\"records\":[{\"key\":null,\"value\":\"\",\"timestampMs\":7}]}");
    }

    @Test
    void aNullCounterIsCorrupt() {
        assertCorrupt(StatsResponse.class, "{\"counters\":{\"fsyncs\":null}}");
    }

    @Test
    void aNullErrorMessageOrCodeIsCorrupt() {
        assertCorrupt(ErrorResponse.class, "{\"errorCode\":\"NONE\",\"errorMessage\":null}");
        assertCorrupt(ProduceResponse.class, "{\"errorCode\":null,\"errorMessage\":\"\",\"baseOffset\":0}");
    }

    @Test
    void trailingTokensAreCorrupt() {
        assertCorrupt(StatsRequest.class, "{} {}");
        assertCorrupt(FetchRequest.class, "{\"offset\":0,\"maxRecords\":1,\"maxBytes\":1} 7");
    }

    @Test
    void notJsonIsCorrupt() {
        assertCorrupt(ProduceRequest.class, "{not json");
        assertCorrupt(ProduceRequest.class, "");
    }

    @Test
    void invalidBase64IsCorrupt() {
        assertCorrupt(ProduceRequest.class,
                "{\"producerId\":-1,\"baseSequence\":-1,\"records\":[{\"key\":\"!!\",\"value\":\"\",\"timestampMs\":7}]}");
    }

    @Test
    void anUnknownErrorCodeNameIsCorrupt() {
        assertCorrupt(ErrorResponse.class, "{\"errorCode\":\"NO_SUCH_CODE\",\"errorMessage\":\"\"}");
    }

    @Test
    void theCorruptionMessageNamesTheType() {
        ProtocolException e = decodeFailure(FetchRequest.class, "{not json");

        assertThat(e).hasMessageContaining("type=FetchRequest");
    }

    private static void assertCorrupt(Class<? extends Message> type, String body) {
        assertThat(decodeFailure(type, body).errorCode()).as("error code for %s body: %s", type.getSimpleName(), body)
                .isEqualTo(ErrorCode.CORRUPT_MESSAGE);
    }

    private static ProtocolException decodeFailure(Class<? extends Message> type, String body) {
        ProtocolException e = catchThrowableOfType(ProtocolException.class,
                () -> JsonCodec.INSTANCE.decode(type, Unpooled.wrappedBuffer(utf8(body))));
        assertThat(e).as("what decoding %s as %s throws", body, type.getSimpleName()).isNotNull();
        return e;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
