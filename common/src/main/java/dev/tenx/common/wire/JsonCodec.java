package dev.tenx.common.wire;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

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

    /**
     * Binds the records array inside a body being read token by token: the body goes on after the
     * array, so what follows it is the envelope's to check, not trailing garbage.
     */
    private final ObjectReader recordsInBody = mapper.readerFor(LogRecord[].class)
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

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

    /**
     * Reads the envelope token by token and the records array by data binding, noting where the
     * array starts and ends in the body, so that the batch holds the array's bytes as they
     * arrived. naive: every record is still built as an object (JSON cannot be validated without
     * parsing it), and the batch keeps them, so that a store that wants objects does not parse twice.
     */
    @Override
    public RecordBatch decodeProduceRequest(ByteBuf body) {
        int start = body.readerIndex();
        try (ByteBufInputStream in = new ByteBufInputStream(body.duplicate());
             JsonParser parser = mapper.createParser((java.io.InputStream) in)) {
            ProduceEnvelope envelope = readProduceEnvelope(parser);
            RecordBatch batch = new RecordBatch(envelope.producerId, envelope.baseSequence, envelope.records.size(),
                    body.retainedSlice(start + envelope.recordsStart, envelope.recordsEnd - envelope.recordsStart),
                    envelope.records);
            body.skipBytes(body.readableBytes());
            return batch;
        } catch (IOException | RuntimeException e) {
            throw e instanceof ProtocolException p ? p : new ProtocolException(ErrorCode.CORRUPT_MESSAGE,
                    "undecodable JSON body: type=ProduceRequest, cause=" + e.getMessage(), e);
        }
    }

    /** The fields of a produce request body, and where its records array lies in it. */
    private static final class ProduceEnvelope {
        Long producerId;
        Integer baseSequence;
        List<LogRecord> records;
        int recordsStart;
        int recordsEnd;
    }

    private ProduceEnvelope readProduceEnvelope(JsonParser parser) throws IOException {
        ProduceEnvelope e = new ProduceEnvelope();
        expect(parser.nextToken(), JsonToken.START_OBJECT);
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (name) {
                case "producerId" -> e.producerId = once(e.producerId, name, parser.getLongValue(), value);
                case "baseSequence" -> e.baseSequence = once(e.baseSequence, name, parser.getIntValue(), value);
                case RecordsDescriptor.JSON_RECORDS_PROPERTY -> readRecordsArray(parser, value, e);
                default -> throw corrupt("unknown property \"" + name + "\" in ProduceRequest");
            }
        }
        expect(parser.currentToken(), JsonToken.END_OBJECT);
        if (parser.nextToken() != null) {
            throw corrupt("trailing tokens after the ProduceRequest object");
        }
        if (e.producerId == null || e.baseSequence == null || e.records == null) {
            throw corrupt("ProduceRequest lacks a property: producerId " + (e.producerId != null) + ", baseSequence "
                    + (e.baseSequence != null) + ", records " + (e.records != null));
        }
        return e;
    }

    private void readRecordsArray(JsonParser parser, JsonToken value, ProduceEnvelope e) throws IOException {
        if (e.records != null) {
            throw corrupt("property \"records\" appears twice");
        }
        expect(value, JsonToken.START_ARRAY);
        e.recordsStart = (int) parser.currentTokenLocation().getByteOffset();
        LogRecord[] records = recordsInBody.readValue(parser);
        e.recordsEnd = (int) parser.currentLocation().getByteOffset();
        e.records = complete(Arrays.asList(records));
    }

    private static <T> T once(T previous, String name, T value, JsonToken token) {
        if (token != JsonToken.VALUE_NUMBER_INT) {
            throw corrupt("property \"" + name + "\" must be an integer, found " + token);
        }
        if (previous != null) {
            throw corrupt("property \"" + name + "\" appears twice");
        }
        return value;
    }

    private static void expect(JsonToken actual, JsonToken expected) {
        if (actual != expected) {
            throw corrupt("expected " + expected + ", found " + actual);
        }
    }

    /** No record of the list is {@code null}: Jackson lets a {@code null} element through. */
    private static List<LogRecord> complete(List<LogRecord> records) {
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i) == null) {
                throw corrupt("records[" + i + "] is null");
            }
        }
        return records;
    }

    private static ProtocolException corrupt(String message) {
        return new ProtocolException(ErrorCode.CORRUPT_MESSAGE, "undecodable JSON body: " + message);
    }

    @Override
    public ByteBuf encodeRecords(List<LogRecord> records) {
        try {
            return Unpooled.wrappedBuffer(mapper.writeValueAsBytes(records));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot encode records", e);
        }
    }

    @Override
    public List<LogRecord> decodeRecords(ByteBuf records) {
        try (ByteBufInputStream in = new ByteBufInputStream(records.duplicate())) {
            return complete(Arrays.asList(mapper.readValue((java.io.InputStream) in, LogRecord[].class)));
        } catch (IOException | RuntimeException e) {
            throw e instanceof ProtocolException p ? p : new ProtocolException(ErrorCode.CORRUPT_MESSAGE,
                    "undecodable JSON records: " + e.getMessage(), e);
        }
    }

    /**
     * The envelope as Jackson writes it with no records, its empty array cut off and the records
     * part put in its place. A copy into one buffer: the fewer-copies stage is the one that stops copying.
     */
    @Override
    public ByteBuf encodeFetchResponse(ByteBufAllocator alloc, FetchResponse envelope, ByteBuf records) {
        byte[] head = encode(envelope);
        int headLength = head.length - EMPTY_RECORDS_TAIL.length;
        if (!envelope.records().isEmpty() || !Arrays.equals(head, headLength, head.length, EMPTY_RECORDS_TAIL, 0,
                EMPTY_RECORDS_TAIL.length)) {
            throw new IllegalStateException("a fetch envelope must end with its empty records array; got "
                    + new String(head, StandardCharsets.UTF_8));
        }
        ByteBuf body = alloc.buffer(head.length + records.readableBytes());
        if (records.readableBytes() == 0) {
            return body.writeBytes(head); // no records part at all (an error): the envelope's own empty array
        }
        body.writeBytes(head, 0, headLength).writeBytes(records, records.readerIndex(), records.readableBytes());
        return body.writeByte('}');
    }

    /** The records array sits inside the envelope's object: "]}" must follow them. */
    @Override
    public boolean recordsFollowEnvelope() {
        return false;
    }

    /** How an envelope with no records ends: {@code "records":[]}, closed. */
    private static final byte[] EMPTY_RECORDS_TAIL = "[]}".getBytes(StandardCharsets.UTF_8);
}
