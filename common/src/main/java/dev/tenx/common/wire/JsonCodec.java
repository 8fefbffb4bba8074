package dev.tenx.common.wire;

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
 * proto3 JSON mapping. Strict: an unknown field, a missing array or a null number is
 * {@link ErrorCode#CORRUPT_MESSAGE}, so a broker never stores a half-understood record.
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

    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
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
    public <T extends Message> T decode(Class<T> type, ByteBuf body) {
        try (ByteBufInputStream in = new ByteBufInputStream(body)) {
            return mapper.readValue((java.io.InputStream) in, type);
        } catch (IOException | RuntimeException e) {
            throw new ProtocolException(ErrorCode.CORRUPT_MESSAGE,
                    "undecodable JSON body: type=" + type.getSimpleName() + ", cause=" + e.getMessage(), e);
        }
    }
}
