package dev.tenx.common.wire;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * JSON bodies through Jackson's data binding of the {@link Message} records: field names as in
 * {@code wire.proto} in lowerCamelCase, byte arrays as base64 and enums by name, as in the
 * proto3 JSON mapping. Strict: an unknown field, a missing field, or a {@code null} anywhere (the
 * whole body, a field, an element of {@code records}, a counter) is
 * {@link ErrorCode#CORRUPT_MESSAGE}, so a broker never stores a half-understood record and
 * {@link #decode} returns only complete messages.
 *
 * <p>BEFORE (a produce request body, 93 bytes):
 * <pre>
 * {"producerId":-1,"baseSequence":-1,"records":[{"key":"aw==","value":"dg==","timestampMs":7}]}
 * </pre>
 * base64 inflates every key and value by 4/3, and each field name travels with every record:
 * the text cost that the binary encoding stage removes.
 *
 * <p>Thread-safe: {@link ObjectMapper} is, once configured.
 */
public final class JsonCodec implements MessageCodec {

    public static final JsonCodec INSTANCE = new JsonCodec();

    /**
     * {@code {"key":"","value":"","timestampMs":},} around the two base64 strings: 37 characters,
     * plus 20 for the longest int64.
     */
    static final int RECORD_OVERHEAD_BYTES = 37 + 20;
    /**
     * {@code {"producerId":,"baseSequence":,"records":[]}}: 44 characters, plus 20 for the longest
     * int64 and 11 for the longest int32.
     */
    static final int PRODUCE_REQUEST_OVERHEAD_BYTES = 44 + 20 + 11;

    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // FAIL_ON_NULL_CREATOR_PROPERTIES refuses "records":null but not "records":[null]:
            // a null inside a list or a map is a content null, refused only by this setting.
            .defaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL))
            .build();

    private JsonCodec() {}

    @Override
    public Encoding encoding() {
        return Encoding.JSON;
    }

    @Override
    public byte[] encode(Message message) {
        try {
            return mapper.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot encode " + message.getClass().getSimpleName(), e);
        }
    }

    @Override
    public int recordSizeUpperBound(int keyBytes, int valueBytes) {
        return RECORD_OVERHEAD_BYTES + base64Length(keyBytes) + base64Length(valueBytes);
    }

    @Override
    public int produceRequestOverheadUpperBound() {
        return PRODUCE_REQUEST_OVERHEAD_BYTES;
    }

    /** base64 writes 4 characters for every 3 bytes or part of them. */
    private static int base64Length(int bytes) {
        return (bytes + 2) / 3 * 4;
    }

    @Override
    public <T extends Message> T decode(Class<T> type, ByteBuf body) {
        T message = read(type, body);
        if (message == null) {
            // Jackson binds a root-level null to no object at all; no FAIL_ON_NULL_* feature covers it.
            throw new ProtocolException(ErrorCode.CORRUPT_MESSAGE,
                    "undecodable JSON body: type=" + type.getSimpleName() + ", cause=the body is null");
        }
        return message;
    }

    private <T extends Message> T read(Class<T> type, ByteBuf body) {
        try (ByteBufInputStream in = new ByteBufInputStream(body)) {
            return mapper.readValue((java.io.InputStream) in, type);
        } catch (IOException | RuntimeException e) {
            throw new ProtocolException(ErrorCode.CORRUPT_MESSAGE,
                    "undecodable JSON body: type=" + type.getSimpleName() + ", cause=" + e.getMessage(), e);
        }
    }
}
