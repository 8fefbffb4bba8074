package dev.tenx.workshop.reliability;

import dev.tenx.common.faults.ByteMutations;
import dev.tenx.common.faults.HostileFrame;
import dev.tenx.common.faults.JsonMutations;
import dev.tenx.common.faults.Mutation;
import dev.tenx.common.faults.ProtobufMutations;
import dev.tenx.common.faults.RandomMessages;
import dev.tenx.common.wire.ApiKey;
import dev.tenx.common.wire.Encoding;
import dev.tenx.common.wire.FetchRequest;
import dev.tenx.common.wire.FrameDescriptor;
import dev.tenx.common.wire.Message;
import dev.tenx.common.wire.MessageCodec;
import dev.tenx.common.wire.ProduceRequest;
import dev.tenx.common.wire.StatsRequest;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Hostile frames from a seeded random, structure-aware: each starts from a valid request of a
 * random type and content in the stage's encoding ({@link RandomMessages}) and spoils it at one
 * layer: the length field, a header field (magic, encoding, api key), the body's envelope or a
 * record inside it through the encoding's own mutations ({@link JsonMutations},
 * {@link ProtobufMutations}: a field dropped, retyped, renumbered, a nested record spoiled, a
 * {@code null} anywhere), the body's bytes ({@link ByteMutations}), or not at all; or it is random
 * bytes, or a valid frame cut short and then reset or held open, or a valid request whose
 * connection is reset before its answer. No stage of 0 to 4 sends a batch header or a CRC on
 * the wire (stage 4 adds its own on disk), so there is none to spoil yet.
 *
 * <p>Not thread-safe: one generator per thread, as its random.
 */
final class FrameGenerator {

    /** What the client does with a frame's bytes after writing them. */
    enum Delivery {
        /** Reads the answer: the frame is complete by its own length field, or its header alone is refusable. */
        AWAIT_ANSWER,
        /** Resets the connection (SO_LINGER 0) at once: an abrupt reset, mid-frame or mid-answer. */
        RESET,
        /** Keeps the connection open, the frame unfinished: a stalled half-frame. */
        HOLD_OPEN
    }

    record Case(String layer, byte[] bytes, Delivery delivery) {
    }

    private static final List<Class<? extends Message>> REQUESTS = List.of(ProduceRequest.class, ProduceRequest.class,
            ProduceRequest.class, FetchRequest.class, StatsRequest.class);
    private static final int[] EDGE_LENGTHS = {Integer.MIN_VALUE, -1, 0, 1, FrameDescriptor.MIN_LENGTH_FIELD_VALUE - 1,
            FrameDescriptor.MIN_LENGTH_FIELD_VALUE, Integer.MAX_VALUE};
    private static final int MAX_RANDOM_BYTES = 64;
    private static final int LAYERS = 11;

    private final Encoding encoding;
    private final MessageCodec codec;
    private final int maxFrameBytes;
    private final SplittableRandom random;

    FrameGenerator(Encoding encoding, int maxFrameBytes, long seed) {
        this.encoding = encoding;
        this.codec = MessageCodec.forEncoding(encoding);
        this.maxFrameBytes = maxFrameBytes;
        this.random = new SplittableRandom(seed);
    }

    Case next(int correlationId) {
        Class<? extends Message> type = REQUESTS.get(random.nextInt(REQUESTS.size()));
        ApiKey apiKey = type == ProduceRequest.class ? ApiKey.PRODUCE : type == FetchRequest.class ? ApiKey.FETCH
                : ApiKey.STATS;
        byte[] body = codec.encode(RandomMessages.of(type, random));
        HostileFrame valid = HostileFrame.withBody(encoding, apiKey, correlationId, body);
        return switch (random.nextInt(LAYERS)) {
            case 0 -> judged("valid", valid);
            case 1 -> judged("length field", valid.withLengthField(lengthField(body.length)));
            case 2 -> judged("magic", valid.withMagic(random.nextInt(1 << Byte.SIZE)));
            case 3 -> judged("encoding id", valid.withEncodingId(random.nextInt(1 << Byte.SIZE)));
            case 4 -> judged("api key", valid.withApiKeyId(random.nextBoolean() ? random.nextInt(4)
                    : random.nextInt(1 << Short.SIZE)));
            case 5 -> judged("body, encoding-aware", rebodied(apiKey, correlationId, mutated(body, encodingAware())));
            case 6 -> judged("body bytes", rebodied(apiKey, correlationId, mutated(body, ByteMutations.ALL)));
            case 7 -> judged("random bytes", randomBytes());
            case 8 -> cut("cut short, then reset", valid.toBytes(), Delivery.RESET);
            case 9 -> cut("cut short, held open", valid.toBytes(), Delivery.HOLD_OPEN);
            default -> new Case("whole request, then reset", valid.toBytes(), Delivery.RESET);
        };
    }

    private HostileFrame rebodied(ApiKey apiKey, int correlationId, byte[] body) {
        return HostileFrame.withBody(encoding, apiKey, correlationId, body);
    }

    private List<Mutation> encodingAware() {
        return encoding == Encoding.JSON ? JsonMutations.ALL : ProtobufMutations.ALL;
    }

    /** One to three mutations stacked; one that cannot apply (null) is skipped. */
    private byte[] mutated(byte[] body, List<Mutation> mutations) {
        byte[] donor = codec.encode(RandomMessages.any(random));
        byte[] out = body;
        for (int n = 1 + random.nextInt(3); n > 0; n--) {
            byte[] next = mutations.get(random.nextInt(mutations.size())).apply(out, donor, random);
            out = next == null ? out : next;
        }
        return out;
    }

    private int lengthField(int bodyLength) {
        int actual = FrameDescriptor.lengthFieldValue(bodyLength);
        return switch (random.nextInt(4)) {
            case 0 -> EDGE_LENGTHS[random.nextInt(EDGE_LENGTHS.length)];
            case 1 -> maxFrameBytes + 1 + random.nextInt(1024);
            case 2 -> actual - 1 - random.nextInt(Math.max(1, Math.min(actual, 8)));
            default -> actual + 1 + random.nextInt(8);
        };
    }

    private HostileFrame randomBytes() {
        byte[] bytes = new byte[1 + random.nextInt(MAX_RANDOM_BYTES)];
        random.nextBytes(bytes);
        if (bytes.length < FrameDescriptor.HEADER_LENGTH) {
            return null; // marks a header cut short: see judged
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
        return new HostileFrame(b.getInt(0), bytes[FrameDescriptor.MAGIC_OFFSET], bytes[FrameDescriptor.ENCODING_OFFSET],
                b.getShort(FrameDescriptor.API_KEY_OFFSET), b.getInt(FrameDescriptor.CORRELATION_ID_OFFSET),
                Arrays.copyOfRange(bytes, FrameDescriptor.HEADER_LENGTH, bytes.length));
    }

    private Case cut(String layer, byte[] frame, Delivery delivery) {
        return new Case(layer, Arrays.copyOf(frame, random.nextInt(frame.length)), delivery);
    }

    /**
     * Whether the broker owes an answer: a whole header with a wrong magic or a length field out of bounds, or a
     * frame complete by its own length field. Anything else it may wait for, so the client resets it.
     */
    private Case judged(String layer, HostileFrame frame) {
        if (frame == null) {
            byte[] bytes = new byte[1 + random.nextInt(FrameDescriptor.HEADER_LENGTH - 1)];
            random.nextBytes(bytes);
            return new Case(layer, bytes, Delivery.RESET);
        }
        byte[] bytes = frame.toBytes();
        long declared = FrameDescriptor.LENGTH_FIELD_LENGTH + (long) frame.lengthField();
        boolean refusableHeader = frame.lengthField() < FrameDescriptor.MIN_LENGTH_FIELD_VALUE
                || frame.magic() != FrameDescriptor.MAGIC || declared > maxFrameBytes;
        boolean complete = declared <= bytes.length;
        return new Case(layer, bytes, refusableHeader || complete ? Delivery.AWAIT_ANSWER : Delivery.RESET);
    }
}
