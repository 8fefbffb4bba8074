package dev.tenx.common.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.WireFormat;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The protobuf encoding's bytes for a known message, and its strictness, field by field of
 * {@code wire.proto}: a missing field, an unknown one, a known one with the wrong wire type, in a
 * message or in one of its records, and an unknown error code are all
 * {@link ErrorCode#CORRUPT_MESSAGE}. The cases come from the generated descriptors, so a field
 * added to {@code wire.proto} and not checked by the codec fails here.
 */
class ProtobufCodecTest {

    private static final LogRecord RECORD = new LogRecord(new byte[] {'k'}, new byte[] {'v'}, 7);
    private static final LogRecord EMPTY_RECORD = new LogRecord(new byte[0], new byte[0], 0);
    private static final int UNKNOWN_FIELD_NUMBER = 99;
    private static final int UNKNOWN_ERROR_CODE = 99;
    private static final List<Integer> WIRE_TYPES = List.of(WireFormat.WIRETYPE_VARINT, WireFormat.WIRETYPE_FIXED64,
            WireFormat.WIRETYPE_LENGTH_DELIMITED, WireFormat.WIRETYPE_START_GROUP, WireFormat.WIRETYPE_FIXED32);

    /** One message of each type, each field set, and a record where the type has records. */
    private static final List<Message> SAMPLES = List.of(
            new ProduceRequest(1, 2, List.of(RECORD)),
            ProduceResponse.ok(3),
            new FetchRequest(4, 5, 6),
            FetchResponse.ok(7, 8, List.of(RECORD)),
            new StatsRequest(),
            new StatsResponse(Map.of("fsyncs", 9L)),
            new ErrorResponse(ErrorCode.CORRUPT_MESSAGE, "bad"));

    /** Every field at its default, which protobuf without explicit presence would not write. */
    private static final List<Message> DEFAULTS = List.of(
            new ProduceRequest(0, 0, List.of(EMPTY_RECORD)),
            new ProduceResponse(ErrorCode.NONE, "", 0),
            new FetchRequest(0, 0, 0),
            new FetchResponse(ErrorCode.NONE, "", 0, 0, List.of(EMPTY_RECORD)),
            new ErrorResponse(ErrorCode.NONE, ""));

    private static final Map<Class<? extends Message>, com.google.protobuf.Message> PROTOTYPES = Map.of(
            ProduceRequest.class, dev.tenx.common.wire.proto.ProduceRequest.getDefaultInstance(),
            ProduceResponse.class, dev.tenx.common.wire.proto.ProduceResponse.getDefaultInstance(),
            FetchRequest.class, dev.tenx.common.wire.proto.FetchRequest.getDefaultInstance(),
            FetchResponse.class, dev.tenx.common.wire.proto.FetchResponse.getDefaultInstance(),
            StatsRequest.class, dev.tenx.common.wire.proto.StatsRequest.getDefaultInstance(),
            StatsResponse.class, dev.tenx.common.wire.proto.StatsResponse.getDefaultInstance(),
            ErrorResponse.class, dev.tenx.common.wire.proto.ErrorResponse.getDefaultInstance());

    @Test
    void aProduceRequestEncodesAsProtocWould() {
        ProduceRequest request = new ProduceRequest(1, 2, List.of(RECORD));

        assertThat(hex(ProtobufCodec.INSTANCE.encode(request)))
                .as("producer_id=1, base_sequence=2, records[0]={key=k, value=v, timestamp_ms=7}")
                .isEqualTo("0801" + "1002" + "7a08" + "0a016b" + "120176" + "1807");
    }

    @Test
    void aFieldAtItsDefaultIsWrittenToo() {
        ProduceRequest request = new ProduceRequest(0, 0, List.of(EMPTY_RECORD));

        assertThat(hex(ProtobufCodec.INSTANCE.encode(request)))
                .as("producer_id=0, base_sequence=0, records[0]={key=, value=, timestamp_ms=0}")
                .isEqualTo("0800" + "1000" + "7a06" + "0a00" + "1200" + "1800");
    }

    @Test
    void everyMessageAtItsDefaultsRoundTrips() {
        for (Message message : DEFAULTS) {
            byte[] body = ProtobufCodec.INSTANCE.encode(message);

            assertThat(ProtobufCodec.INSTANCE.decode(message.getClass(), Unpooled.wrappedBuffer(body)))
                    .as("%s decoded from %s", message, hex(body)).isEqualTo(message);
        }
    }

    @Test
    void fieldNumberZeroIsCorrupt() {
        assertCorrupt(ProduceRequest.class, new byte[] {0x00});
    }

    @Test
    void aRecordCutShortIsCorrupt() {
        assertCorrupt(ProduceRequest.class, new byte[] {0x7A, 0x05, 0x0A});
    }

    @Test
    void aVarintThatNeverEndsIsCorrupt() {
        assertCorrupt(ProduceRequest.class, new byte[] {0x08, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
    }

    @Test
    void anEmptyBodyIsCorruptWhereTheTypeHasFields() {
        assertCorrupt(ProduceRequest.class, new byte[0], "missing fields", "producer_id", "base_sequence");
        assertCorrupt(FetchRequest.class, new byte[0], "missing fields", "offset", "max_records", "max_bytes");
    }

    @Test
    void anUnknownErrorCodeNumberIsCorrupt() {
        assertCorrupt(ErrorResponse.class, dev.tenx.common.wire.proto.ErrorResponse.newBuilder()
                .setErrorCodeValue(UNKNOWN_ERROR_CODE).setErrorMessage("").build().toByteArray(),
                "unknown error code", "id=" + UNKNOWN_ERROR_CODE);
        assertCorrupt(ProduceResponse.class, dev.tenx.common.wire.proto.ProduceResponse.newBuilder()
                .setErrorCodeValue(UNKNOWN_ERROR_CODE).setErrorMessage("").setBaseOffset(0).build().toByteArray(),
                "unknown error code", "id=" + UNKNOWN_ERROR_CODE);
        assertCorrupt(FetchResponse.class, dev.tenx.common.wire.proto.FetchResponse.newBuilder()
                .setErrorCodeValue(UNKNOWN_ERROR_CODE).setErrorMessage("").setBaseOffset(0).setLogEndOffset(0)
                .build().toByteArray(),
                "unknown error code", "id=" + UNKNOWN_ERROR_CODE);
    }

    static Stream<Named<Site>> everySite() {
        return SAMPLES.stream().flatMap(sample -> {
            Site message = new Site(sample, false);
            return hasRecords(sample) ? Stream.of(message, new Site(sample, true)) : Stream.of(message);
        }).map(site -> Named.of(site.path(), site));
    }

    static Stream<Arguments> everyField() {
        return fields(field -> true);
    }

    static Stream<Arguments> everyFieldWithPresence() {
        return fields(FieldDescriptor::hasPresence);
    }

    private static Stream<Arguments> fields(Predicate<FieldDescriptor> which) {
        return everySite().flatMap(site -> site.getPayload().descriptor().getFields().stream().filter(which)
                .map(field -> Arguments.of(site, Named.of(field.getName(), field))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everySite")
    void everySampleDecodesBeforeItIsSpoilt(Site site) {
        byte[] body = site.bodyWith(UnaryOperator.identity());

        assertThat(ProtobufCodec.INSTANCE.decode(site.type(), Unpooled.wrappedBuffer(body))).isEqualTo(site.sample());
    }

    @ParameterizedTest(name = "{0} without {1}")
    @MethodSource("everyFieldWithPresence")
    void aMissingFieldIsCorrupt(Site site, FieldDescriptor field) {
        byte[] body = site.bodyWith(builder -> builder.clearField(field));

        assertCorrupt(site.type(), body, "missing fields", "message=" + site.descriptor().getName(),
                "fields=[" + field.getName() + "]");
    }

    @ParameterizedTest(name = "{0} with an unknown field")
    @MethodSource("everySite")
    void anUnknownFieldIsCorrupt(Site site) {
        UnknownFieldSet unknown = oneUnknownField(UNKNOWN_FIELD_NUMBER, WireFormat.WIRETYPE_VARINT);
        byte[] body = site.bodyWith(builder -> builder.setUnknownFields(unknown));

        assertCorrupt(site.type(), body, "message=" + site.descriptor().getName(),
                "field numbers=[" + UNKNOWN_FIELD_NUMBER + "]");
    }

    @ParameterizedTest(name = "{0}.{1} with each wrong wire type")
    @MethodSource("everyField")
    void aKnownFieldWithTheWrongWireTypeIsCorrupt(Site site, FieldDescriptor field) {
        int rightWireType = field.getLiteType().getWireType();
        for (int wireType : WIRE_TYPES) {
            if (wireType == rightWireType) {
                continue;
            }
            // the same field number, written as an unknown field of another wire type, replaces the field
            UnknownFieldSet wrong = oneUnknownField(field.getNumber(), wireType);
            byte[] body = site.bodyWith(builder -> builder.clearField(field).setUnknownFields(wrong));

            assertCorrupt(site.type(), body, "wrong wire type", "message=" + site.descriptor().getName(),
                    "field numbers=[" + field.getNumber() + "]");
        }
    }

    @Test
    void aSecondRecordIsCheckedLikeTheFirst() {
        var record = dev.tenx.common.wire.proto.LogRecord.newBuilder()
                .setKey(ByteString.copyFromUtf8("k")).setValue(ByteString.copyFromUtf8("v")).setTimestampMs(7).build();
        byte[] body = dev.tenx.common.wire.proto.ProduceRequest.newBuilder().setProducerId(-1).setBaseSequence(-1)
                .addRecords(record).addRecords(record.toBuilder().clearValue()).build().toByteArray();

        assertCorrupt(ProduceRequest.class, body, "records[1]", "fields=[value]");
    }

    /** A message of one of the {@link #SAMPLES}, or the first record in it, to spoil through the generated builder. */
    record Site(Message sample, boolean inRecord) {

        Class<? extends Message> type() {
            return sample.getClass();
        }

        String path() {
            return type().getSimpleName() + (inRecord ? ".records[0]" : "");
        }

        com.google.protobuf.Descriptors.Descriptor descriptor() {
            return inRecord ? dev.tenx.common.wire.proto.LogRecord.getDescriptor()
                    : PROTOTYPES.get(type()).getDescriptorForType();
        }

        /** The sample's body after {@code change} to the message or to its first record. */
        byte[] bodyWith(UnaryOperator<com.google.protobuf.Message.Builder> change) {
            com.google.protobuf.Message.Builder message = parse(sample).toBuilder();
            if (!inRecord) {
                return change.apply(message).build().toByteArray();
            }
            FieldDescriptor records = message.getDescriptorForType().findFieldByName("records");
            var first = ((com.google.protobuf.Message) message.getRepeatedField(records, 0)).toBuilder();
            return message.setRepeatedField(records, 0, change.apply(first).build()).build().toByteArray();
        }
    }

    private static com.google.protobuf.Message parse(Message sample) {
        try {
            return PROTOTYPES.get(sample.getClass()).getParserForType().parseFrom(ProtobufCodec.INSTANCE.encode(sample));
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("a sample does not parse: " + sample, e);
        }
    }

    private static boolean hasRecords(Message sample) {
        return sample instanceof ProduceRequest || sample instanceof FetchResponse;
    }

    /** A field of {@code wireType} under {@code number}, with a value that fits the wire type. */
    private static UnknownFieldSet oneUnknownField(int number, int wireType) {
        UnknownFieldSet.Field.Builder field = UnknownFieldSet.Field.newBuilder();
        switch (wireType) {
            case WireFormat.WIRETYPE_VARINT -> field.addVarint(1);
            case WireFormat.WIRETYPE_FIXED64 -> field.addFixed64(1);
            case WireFormat.WIRETYPE_LENGTH_DELIMITED -> field.addLengthDelimited(ByteString.copyFromUtf8("x"));
            case WireFormat.WIRETYPE_START_GROUP -> field.addGroup(UnknownFieldSet.getDefaultInstance());
            case WireFormat.WIRETYPE_FIXED32 -> field.addFixed32(1);
            default -> throw new IllegalArgumentException("not a wire type: wireType=" + wireType);
        }
        return UnknownFieldSet.newBuilder().addField(number, field.build()).build();
    }

    private static void assertCorrupt(Class<? extends Message> type, byte[] body, String... reasons) {
        ProtocolException e = catchThrowableOfType(ProtocolException.class,
                () -> ProtobufCodec.INSTANCE.decode(type, Unpooled.wrappedBuffer(body)));

        assertThat(e).as("what decoding %s as %s throws", hex(body), type.getSimpleName()).isNotNull();
        assertThat(e.errorCode()).isEqualTo(ErrorCode.CORRUPT_MESSAGE);
        for (String reason : reasons) {
            assertThat(e.getMessage()).as("why %s is refused as %s", hex(body), type.getSimpleName()).contains(reason);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** The envelope written field by field into a buffer is, byte for byte, what encode makes of it. */
    @Test
    void aFetchEnvelopeWrittenInPlaceIsTheEncodedEnvelope() {
        List<FetchResponse> envelopes = List.of(
                new FetchResponse(ErrorCode.NONE, "", 0, 0, List.of()),
                new FetchResponse(ErrorCode.NONE, "", 123_456_789_012L, Long.MAX_VALUE, List.of()),
                new FetchResponse(ErrorCode.OFFSET_OUT_OF_RANGE, "offset=9 is outside the log [0, 5] \u00e9", -1, 5,
                        List.of()),
                new FetchResponse(ErrorCode.STORAGE_ERROR, "x".repeat(300), -1, -1, List.of()));
        for (FetchResponse envelope : envelopes) {
            io.netty.buffer.ByteBuf out = Unpooled.buffer();
            try {
                ProtobufCodec.INSTANCE.writeFetchEnvelope(out, envelope.errorCode(), envelope.errorMessage(), envelope.baseOffset(),
                        envelope.logEndOffset());
                assertThat(HexFormat.of().formatHex(io.netty.buffer.ByteBufUtil.getBytes(out))).as("%s", envelope)
                        .isEqualTo(HexFormat.of().formatHex(ProtobufCodec.INSTANCE.encode(envelope)));
            } finally {
                out.release();
            }
        }
    }

    /**
     * The fetch request is scanned in place, not parsed: on thousands of spoilt bodies the scan
     * must agree with protoc's parser and the strict presence check, value for value or refusal
     * for refusal.
     */
    @Test
    void aScannedFetchRequestAgreesWithTheParserOnEverySpoiltBody() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        for (int i = 0; i < 20_000; i++) {
            byte[] valid = ProtobufCodec.INSTANCE.encode(new FetchRequest(random.nextLong(), random.nextInt(), random.nextInt()));
            byte[] body = spoil(valid, random);
            FetchRequest expected = parsed(body);
            Object actual;
            try {
                actual = ProtobufCodec.INSTANCE.decode(FetchRequest.class, Unpooled.wrappedBuffer(body));
            } catch (ProtocolException e) {
                assertThat(e.errorCode()).isEqualTo(ErrorCode.CORRUPT_MESSAGE);
                actual = null;
            }
            if (actual == null && expected != null) {
                // the scan reads varints as the spec says (ProtobufReader, as for produce requests):
                // ten bytes at most; protoc's fast path lets a tenth byte with its continuation bit through
                assertThat(hasOverlongVarint(body)).as("refused by the scan alone: %s", HexFormat.of().formatHex(body))
                        .isTrue();
            } else {
                assertThat(actual).as("body %s", HexFormat.of().formatHex(body)).isEqualTo(expected);
            }
        }
    }

    private static boolean hasOverlongVarint(byte[] body) {
        int run = 0;
        for (byte b : body) {
            run = b < 0 ? run + 1 : 0;
            if (run >= 10) {
                return true;
            }
        }
        return false;
    }

    /** protoc's reading, with the codec's strictness: every field present, nothing unknown; null for a refusal. */
    private static FetchRequest parsed(byte[] body) {
        try {
            var m = dev.tenx.common.wire.proto.FetchRequest.parseFrom(body);
            if (!m.hasOffset() || !m.hasMaxRecords() || !m.hasMaxBytes() || m.getUnknownFields().asMap().size() > 0) {
                return null;
            }
            return new FetchRequest(m.getOffset(), m.getMaxRecords(), m.getMaxBytes());
        } catch (InvalidProtocolBufferException e) {
            return null;
        }
    }

    /** One to three byte flips, cuts, insertions or duplicated runs. */
    private static byte[] spoil(byte[] valid, java.util.SplittableRandom random) {
        byte[] b = valid.clone();
        int changes = 1 + random.nextInt(3);
        for (int c = 0; c < changes && b.length > 0; c++) {
            int at = random.nextInt(b.length);
            switch (random.nextInt(4)) {
                case 0 -> b[at] = (byte) random.nextInt(256);
                case 1 -> b = java.util.Arrays.copyOf(b, at);
                case 2 -> {
                    byte[] longer = new byte[b.length + 1];
                    System.arraycopy(b, 0, longer, 0, at);
                    longer[at] = (byte) random.nextInt(256);
                    System.arraycopy(b, at, longer, at + 1, b.length - at);
                    b = longer;
                }
                default -> {
                    byte[] twice = java.util.Arrays.copyOf(b, b.length * 2);
                    System.arraycopy(b, 0, twice, b.length, b.length);
                    b = twice;
                }
            }
        }
        return b;
    }
}
