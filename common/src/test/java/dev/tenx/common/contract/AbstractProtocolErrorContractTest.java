package dev.tenx.common.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import dev.tenx.common.config.BrokerConfig;
import dev.tenx.common.faults.HostileFrame;
import dev.tenx.common.metrics.BrokerCounters;
import dev.tenx.common.spi.Broker;
import dev.tenx.common.spi.Producer;
import dev.tenx.common.wire.ApiKey;
import dev.tenx.common.wire.BlockingClient;
import dev.tenx.common.wire.Encoding;
import dev.tenx.common.wire.ErrorCode;
import dev.tenx.common.wire.ErrorResponse;
import dev.tenx.common.wire.FetchRequest;
import dev.tenx.common.wire.FetchResponse;
import dev.tenx.common.wire.FrameDescriptor;
import dev.tenx.common.wire.LogRecord;
import dev.tenx.common.wire.ProduceRequest;
import dev.tenx.common.wire.ProtocolException;
import dev.tenx.common.wire.StatsRequest;
import dev.tenx.common.wire.StatsResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * What a broker does with input no well-behaved client sends, written byte by byte on a raw
 * socket ({@link BlockingClient}, {@link HostileFrame}). For each fault it answers with one
 * {@link ApiKey#ERROR} frame in the stage's encoding, carrying the fault's {@link ErrorCode} and
 * echoing the correlation id when the header could be read, and then closes that connection:
 * <ul>
 *   <li>a frame longer than {@code socket.request.max.bytes}: {@code MESSAGE_TOO_LARGE}, judged
 *       on the header alone, before any body arrives;
 *   <li>a negative length, or one shorter than the header: {@code CORRUPT_MESSAGE};
 *   <li>a wrong magic byte: {@code CORRUPT_MESSAGE};
 *   <li>an unknown api key: {@code UNSUPPORTED_API}; an unknown encoding: {@code UNSUPPORTED_ENCODING};
 *   <li>a body that does not decode in the stage's encoding: {@code CORRUPT_MESSAGE};
 *   <li>a body that decodes to no complete request (a JSON {@code null} for the request or for one
 *       of its records; in protobuf, a request or a record with no field): {@code CORRUPT_MESSAGE};
 *   <li>and nothing sent behind a fault on the same connection is served.
 * </ul>
 * A well-formed fetch that asks for the whole log gets no more than {@code fetch.max.bytes}.
 * A frame cut short by a client that then goes away gets no answer and harms nothing. After
 * every fault a bystander, a producer connected before the hostile client, still gets its sends
 * acknowledged, and every record acknowledged before the fault still reads back byte-exact. The
 * broker counts each fault once in {@code protocol.errors}, and appends and writes nothing for it.
 *
 * <p>A stage runs it by extending this class and implementing {@link #stage()}.
 */
public abstract class AbstractProtocolErrorContractTest extends AbstractStageTest {

    protected static final int MAX_FRAME_BYTES = 64 * 1024;
    /** Small enough that the records written before each test do not fit in one fetch. */
    protected static final int FETCH_MAX_BYTES = 1024;

    private static final int CORRELATION_ID = 4242;
    private static final int RECORDS_BEFORE = 20;
    private static final String VALID_JSON_RECORD = "{\"key\":\"aw==\",\"value\":\"dg==\",\"timestampMs\":7}";
    private static final int UNKNOWN_FIELD_NUMBER = 99;

    private Broker broker;
    private Producer bystander;
    private final List<StoredRecord> acked = new ArrayList<>();

    @BeforeEach
    public void startBrokerWithABystander() throws Exception {
        broker = closeAfterTest(openBroker(Map.of(
                BrokerConfig.SOCKET_REQUEST_MAX_BYTES, MAX_FRAME_BYTES,
                BrokerConfig.FETCH_MAX_BYTES, FETCH_MAX_BYTES)));
        bystander = closeAfterTest(connectProducer(broker));
        acked.addAll(sendRecords(bystander, 0, RECORDS_BEFORE));
    }

    @Test
    public void aFrameOneByteOverTheLimitIsMessageTooLarge() throws Exception {
        int lengthField = MAX_FRAME_BYTES + 1 - FrameDescriptor.LENGTH_FIELD_LENGTH;

        assertRefused(validProduceFrame().withLengthField(lengthField).headerBytes(),
                ErrorCode.MESSAGE_TOO_LARGE, CORRELATION_ID);
    }

    @Test
    public void aLengthFieldAboveTheLimitIsMessageTooLarge() throws Exception {
        assertRefused(validProduceFrame().withLengthField(MAX_FRAME_BYTES + 1).headerBytes(),
                ErrorCode.MESSAGE_TOO_LARGE, CORRELATION_ID);
    }

    @Test
    public void theLargestLengthFieldIsMessageTooLarge() throws Exception {
        assertRefused(validProduceFrame().withLengthField(Integer.MAX_VALUE).headerBytes(),
                ErrorCode.MESSAGE_TOO_LARGE, CORRELATION_ID);
    }

    @Test
    public void aNegativeLengthIsCorruptMessage() throws Exception {
        assertRefusedBeforeTheCorrelationIdCounts(validProduceFrame().withLengthField(-5).headerBytes());
    }

    @Test
    public void aLengthShorterThanTheHeaderIsCorruptMessage() throws Exception {
        int tooShort = FrameDescriptor.MIN_LENGTH_FIELD_VALUE - 1;

        assertRefusedBeforeTheCorrelationIdCounts(validProduceFrame().withLengthField(tooShort).headerBytes());
    }

    @Test
    public void aWrongMagicByteIsCorruptMessage() throws Exception {
        assertRefused(validProduceFrame().withMagic(FrameDescriptor.MAGIC + 1).toBytes(),
                ErrorCode.CORRUPT_MESSAGE, CORRELATION_ID);
    }

    @Test
    public void anUnknownApiKeyIsUnsupportedApi() throws Exception {
        assertRefused(validProduceFrame().withApiKeyId(99).toBytes(), ErrorCode.UNSUPPORTED_API, CORRELATION_ID);
    }

    @Test
    public void theErrorApiKeyAsARequestIsUnsupportedApi() throws Exception {
        assertRefused(validProduceFrame().withApiKeyId(ApiKey.ERROR.id()).toBytes(),
                ErrorCode.UNSUPPORTED_API, CORRELATION_ID);
    }

    @Test
    public void anUnknownEncodingIsUnsupportedEncoding() throws Exception {
        assertRefused(validProduceFrame().withEncodingId(42).toBytes(), ErrorCode.UNSUPPORTED_ENCODING, CORRELATION_ID);
    }

    @TestFactory
    public Stream<DynamicTest> aBodyThatDoesNotDecodeIsCorruptMessage() {
        return undecodableBodies(stage().encoding()).entrySet().stream()
                .map(body -> DynamicTest.dynamicTest(body.getKey(), () -> assertRefused(
                        HostileFrame.withBody(stage().encoding(), ApiKey.PRODUCE, CORRELATION_ID, body.getValue())
                                .toBytes(),
                        ErrorCode.CORRUPT_MESSAGE, CORRELATION_ID)));
    }

    @TestFactory
    public Stream<DynamicTest> aBodyThatDecodesToNoCompleteRequestIsCorruptMessage() {
        return incompleteBodies(stage().encoding()).entrySet().stream()
                .map(body -> DynamicTest.dynamicTest(body.getKey(), () -> assertRefused(
                        HostileFrame.withBody(stage().encoding(), body.getValue().apiKey(), CORRELATION_ID,
                                body.getValue().bytes()).toBytes(),
                        ErrorCode.CORRUPT_MESSAGE, CORRELATION_ID)));
    }

    @Test
    public void aValidFrameRightBehindAFaultIsNotServed() throws Exception {
        byte[] fault = validProduceFrame().withApiKeyId(99).toBytes();
        byte[] produce = validProduceFrame().toBytes();
        byte[] both = Arrays.copyOf(fault, fault.length + produce.length);
        System.arraycopy(produce, 0, both, fault.length, produce.length);

        // assertRefused also checks the log: a record stored from the second frame would fail it
        assertRefused(both, ErrorCode.UNSUPPORTED_API, CORRELATION_ID);
    }

    @Test
    public void aFetchAskingForTheWholeLogGetsNoMoreThanFetchMaxBytes() throws Exception {
        FetchResponse response;
        try (BlockingClient greedy = connectRawClient()) {
            response = greedy.call(ApiKey.FETCH, new FetchRequest(0, Integer.MAX_VALUE, Integer.MAX_VALUE),
                    FetchResponse.class);
        }
        long payloadBytes = response.records().stream().mapToLong(LogRecord::payloadSize).sum();

        assertThat(response.records()).as("records in one fetch that asked for everything")
                .isNotEmpty().hasSizeLessThan(RECORDS_BEFORE);
        assertThat(payloadBytes).as("key and value bytes in that fetch, against fetch.max.bytes=%d", FETCH_MAX_BYTES)
                .isLessThanOrEqualTo(FETCH_MAX_BYTES);
        assertBystanderUnaffected();
    }

    @Test
    public void aFrameCutShortByAClientThatLeavesHarmsNothing() throws Exception {
        byte[] frame = validProduceFrame().toBytes();
        try (BlockingClient quitter = connectRawClient()) {
            quitter.sendRaw(Arrays.copyOf(frame, frame.length - 3));
        }

        assertBystanderUnaffected();
        try (BlockingClient newcomer = connectRawClient()) {
            assertThat(newcomer.stats()).as("a Stats answer to a new connection")
                    .extracting(StatsResponse::counters).isNotNull();
        }
    }

    @Test
    public void aValidFrameSentInPiecesIsAnswered() throws Exception {
        byte[] frame = HostileFrame.wellFormed(stage().encoding(), ApiKey.STATS, CORRELATION_ID, new StatsRequest())
                .toBytes();
        try (BlockingClient patient = connectRawClient()) {
            for (byte b : frame) {
                patient.sendRaw(new byte[] {b});
            }
            BlockingClient.Received answer = patient.receive();

            assertThat(answer.apiKey()).as("api key of the answer").isEqualTo(ApiKey.STATS);
            assertThat(answer.correlationId()).as("correlation id of the answer").isEqualTo(CORRELATION_ID);
        }
        assertBystanderUnaffected();
    }

    /**
     * Bodies that are not a {@code ProduceRequest} in {@code encoding}, by name. A stage with an
     * encoding of its own adds its cases by overriding this.
     */
    protected Map<String, byte[]> undecodableBodies(Encoding encoding) {
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        switch (encoding) {
            case JSON -> {
                bodies.put("not JSON", utf8("{not json"));
                bodies.put("an unknown field", utf8("{\"producerId\":-1,\"baseSequence\":-1,\"records\":[],\"extra\":1}"));
                bodies.put("records missing", utf8("{\"producerId\":-1,\"baseSequence\":-1}"));
                bodies.put("a record without a value", utf8(
                        "{\"producerId\":-1,\"baseSequence\":-1,\"records\":[{\"key\":\"aw==\",\"timestampMs\":7}]}"));
                bodies.put("an empty body", new byte[0]);
            }
            case PROTOBUF -> {
                bodies.put("field number zero", new byte[] {0x00});
                bodies.put("a record cut short", new byte[] {0x7A, 0x05, 0x0A});
                bodies.put("a varint that never ends", new byte[] {(byte) 0x08, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
                bodies.put("an unknown field", protoProduceRequest().setUnknownFields(unknownField())
                        .addRecords(protoRecord()).build().toByteArray());
                // the twin of "records missing": a repeated field has no presence (absent and empty
                // are the same bytes), so the missing field is a scalar
                bodies.put("producerId missing", protoProduceRequest().clearProducerId()
                        .addRecords(protoRecord()).build().toByteArray());
                bodies.put("a record without a value", protoProduceRequest()
                        .addRecords(protoRecord().toBuilder().clearValue()).build().toByteArray());
                bodies.put("an empty body", new byte[0]);
            }
        }
        return bodies;
    }

    /** A body sent under {@code apiKey}, whatever it holds. */
    protected record HostileBody(ApiKey apiKey, byte[] bytes) {}

    /**
     * Bodies that parse in {@code encoding} but are no complete request, by name: the frames of
     * issue 14 in JSON, and their protobuf twins, where "nothing" is a message with no field. A
     * stage with an encoding of its own adds its cases by overriding this.
     */
    protected Map<String, HostileBody> incompleteBodies(Encoding encoding) {
        Map<String, HostileBody> bodies = new LinkedHashMap<>();
        switch (encoding) {
            case JSON -> {
                bodies.put("PRODUCE null", new HostileBody(ApiKey.PRODUCE, utf8("null")));
                bodies.put("FETCH null", new HostileBody(ApiKey.FETCH, utf8("null")));
                bodies.put("STATS null", new HostileBody(ApiKey.STATS, utf8("null")));
                bodies.put("PRODUCE with a null record", new HostileBody(ApiKey.PRODUCE,
                        utf8("{\"producerId\":-1,\"baseSequence\":-1,\"records\":[null]}")));
                bodies.put("PRODUCE with a valid record, then a null one", new HostileBody(ApiKey.PRODUCE,
                        utf8("{\"producerId\":-1,\"baseSequence\":-1,\"records\":[" + VALID_JSON_RECORD + ",null]}")));
            }
            case PROTOBUF -> {
                bodies.put("PRODUCE with no field", new HostileBody(ApiKey.PRODUCE, new byte[0]));
                bodies.put("FETCH with no field", new HostileBody(ApiKey.FETCH, new byte[0]));
                // a StatsRequest has no field to leave out; the nearest thing to null it can be sent is one too many
                bodies.put("STATS with an unknown field", new HostileBody(ApiKey.STATS,
                        dev.tenx.common.wire.proto.StatsRequest.newBuilder().setUnknownFields(unknownField())
                                .build().toByteArray()));
                bodies.put("PRODUCE with a record of no field", new HostileBody(ApiKey.PRODUCE,
                        protoProduceRequest().addRecords(dev.tenx.common.wire.proto.LogRecord.getDefaultInstance())
                                .build().toByteArray()));
                bodies.put("PRODUCE with a valid record, then one of no field", new HostileBody(ApiKey.PRODUCE,
                        protoProduceRequest().addRecords(protoRecord())
                                .addRecords(dev.tenx.common.wire.proto.LogRecord.getDefaultInstance())
                                .build().toByteArray()));
            }
        }
        return bodies;
    }

    /** A protobuf produce request with every scalar field set and no record yet. */
    private static dev.tenx.common.wire.proto.ProduceRequest.Builder protoProduceRequest() {
        return dev.tenx.common.wire.proto.ProduceRequest.newBuilder()
                .setProducerId(ProduceRequest.NO_PRODUCER_ID)
                .setBaseSequence(ProduceRequest.NO_SEQUENCE);
    }

    /** The protobuf twin of {@link #VALID_JSON_RECORD}. */
    private static dev.tenx.common.wire.proto.LogRecord protoRecord() {
        return dev.tenx.common.wire.proto.LogRecord.newBuilder()
                .setKey(ByteString.copyFromUtf8("k"))
                .setValue(ByteString.copyFromUtf8("v"))
                .setTimestampMs(7)
                .build();
    }

    private static UnknownFieldSet unknownField() {
        return UnknownFieldSet.newBuilder()
                .addField(UNKNOWN_FIELD_NUMBER, UnknownFieldSet.Field.newBuilder().addVarint(1).build())
                .build();
    }

    private HostileFrame validProduceFrame() {
        LogRecord record = new LogRecord(utf8("hostile"), utf8("value"), 0L);
        return HostileFrame.wellFormed(stage().encoding(), ApiKey.PRODUCE, CORRELATION_ID,
                ProduceRequest.of(List.of(record)));
    }

    private void assertRefusedBeforeTheCorrelationIdCounts(byte[] frame) throws Exception {
        assertRefused(frame, ErrorCode.CORRUPT_MESSAGE, null);
    }

    /**
     * Sends {@code bytes} on a new connection and checks the answer: one error frame with
     * {@code expected}, echoing {@code correlationId} (or, when null, either echoing the sent id
     * or saying it is unknown), then the broker's close; the fault counted once, nothing appended
     * or written for it. Then checks the bystander.
     */
    private void assertRefused(byte[] bytes, ErrorCode expected, Integer correlationId) throws Exception {
        Map<String, Long> before = brokerCounters();
        try (BlockingClient hostile = connectRawClient()) {
            hostile.sendRaw(bytes);
            BlockingClient.Received answer = receiveAnswerTo(hostile, expected);

            assertThat(answer.apiKey()).as("api key of the answer").isEqualTo(ApiKey.ERROR);
            assertThat(answer.encoding()).as("encoding of the error frame").isEqualTo(stage().encoding());
            assertThat(answer.decode(ErrorResponse.class).errorCode()).as("error code").isEqualTo(expected);
            assertCorrelationId(answer.correlationId(), correlationId);
            assertThat(hostile.isClosedByPeer()).as("the broker closed the connection after the error frame").isTrue();
        }
        assertCountedAndNothingStored(before, brokerCounters());
        assertBystanderUnaffected();
    }

    /** A broker counts a fault no later than it answers it, so once the error frame is read the count is in. */
    private static void assertCountedAndNothingStored(Map<String, Long> before, Map<String, Long> after) {
        assertThat(after.get(BrokerCounters.PROTOCOL_ERRORS)).as("%s after one refused connection",
                BrokerCounters.PROTOCOL_ERRORS).isEqualTo(before.get(BrokerCounters.PROTOCOL_ERRORS) + 1);
        for (String stored : List.of(BrokerCounters.RECORDS_APPENDED, BrokerCounters.STORAGE_WRITES)) {
            assertThat(after.get(stored)).as("%s after a refused frame", stored).isEqualTo(before.get(stored));
        }
    }

    /** Read on a connection of their own: another connection the fault must not harm. */
    private Map<String, Long> brokerCounters() throws IOException {
        try (BlockingClient observer = connectRawClient()) {
            return observer.stats().counters();
        }
    }

    private static BlockingClient.Received receiveAnswerTo(BlockingClient hostile, ErrorCode expected) {
        try {
            return hostile.receive();
        } catch (IOException e) {
            throw new AssertionError("expected an error frame with " + expected + ", but the connection gave: " + e, e);
        }
    }

    private static void assertCorrelationId(int actual, Integer expected) {
        if (expected != null) {
            assertThat(actual).as("correlation id echoed in the error frame").isEqualTo(expected);
        } else {
            assertThat(actual).as("correlation id of an error found before the header could be trusted")
                    .isIn(CORRELATION_ID, ProtocolException.UNKNOWN_CORRELATION_ID);
        }
    }

    private void assertBystanderUnaffected() {
        acked.add(send(bystander, Payloads.key(0, acked.size()), Payloads.value(0, acked.size())));

        assertLog("the log after a hostile connection", readLog(broker), acked);
    }

    private BlockingClient connectRawClient() throws IOException {
        return new BlockingClient(broker.address(), stage().encoding(), READ_TIMEOUT);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
