package dev.tenx.common.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenx.common.faults.ByteMutations;
import dev.tenx.common.faults.JsonMutations;
import dev.tenx.common.faults.Mutation;
import dev.tenx.common.faults.ProtobufMutations;
import dev.tenx.common.faults.RandomMessages;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every codec's decode, fed valid bodies of every message type spoilt in many ways, either returns
 * a complete message or throws {@link ProtocolException} with {@link ErrorCode#CORRUPT_MESSAGE};
 * never null, never another exception. Complete means: no null anywhere, it encodes and decodes
 * again to an equal message, and its encoding has the same fields as the body it came from
 * ({@link BodyShape}), so the codec neither ignored a field nor filled in a missing one.
 *
 * <p>Each body is a {@link RandomMessages random valid message}, encoded, then spoilt by one to
 * {@value #MAX_STACKED_MUTATIONS} mutations, each either byte-level ({@link ByteMutations}) or
 * aware of the encoding ({@link JsonMutations}, {@link ProtobufMutations}), at even odds. Seeded
 * and deterministic: every run spoils the same bodies the same way. A failure names the encoding,
 * the type, the case number, the mutations and both bodies in hex; change {@link #SEED} to
 * explore further.
 */
class CodecMutationPropertyTest {

    private static final long SEED = 14;
    private static final int MUTATIONS_PER_TYPE = 2_000;
    private static final int MAX_STACKED_MUTATIONS = 3;
    private static final int TRIES_TO_CHANGE_A_BODY = 20;

    static Stream<Arguments> everyEncodingAndType() {
        return Arrays.stream(Encoding.values())
                .flatMap(encoding -> RandomMessages.TYPES.stream().map(type -> Arguments.of(encoding, type)));
    }

    /** One spoilt body, and how it came about, for the failure message. */
    private record Case(MessageCodec codec, Class<? extends Message> type, int number, byte[] valid,
                        List<String> mutations, byte[] body) {

        AssertionError failure(String what, Throwable cause) {
            HexFormat hex = HexFormat.of();
            return new AssertionError(codec.encoding() + " " + type.getSimpleName() + ", case " + number + " (seed="
                    + SEED + "): " + what
                    + "\n  mutations:   " + mutations
                    + "\n  valid body:  " + hex.formatHex(valid)
                    + "\n  spoilt body: " + hex.formatHex(body), cause);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyEncodingAndType")
    void aSpoiltBodyDecodesToACompleteMessageOrIsCorrupt(Encoding encoding, Class<? extends Message> type) {
        MessageCodec codec = MessageCodec.forEncoding(encoding);
        SplittableRandom random = new SplittableRandom(SEED + (encoding.name() + type.getName()).hashCode());
        int refused = 0;
        for (int n = 0; n < MUTATIONS_PER_TYPE; n++) {
            if (decodeOrRefuse(spoil(codec, type, n, random)) == null) {
                refused++;
            }
        }

        assertThat(refused).as("%s bodies of %d that %s refused: none would mean the mutations spoil nothing",
                type.getSimpleName(), MUTATIONS_PER_TYPE, encoding).isPositive();
        assertThat(refused).as("%s bodies of %d that %s refused: all would mean no decoded message was checked",
                type.getSimpleName(), MUTATIONS_PER_TYPE, encoding).isLessThan(MUTATIONS_PER_TYPE);
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void everyMutationChangesABodyWithEveryKindOfField(Encoding encoding) {
        MessageCodec codec = MessageCodec.forEncoding(encoding);
        SplittableRandom random = new SplittableRandom(SEED);
        byte[] body = codec.encode(new ProduceRequest(1, 2, List.of(
                new LogRecord(new byte[] {'k'}, new byte[] {'v'}, 3), new LogRecord(new byte[0], new byte[0], 0))));
        byte[] donor = codec.encode(new StatsResponse(Map.of("fsyncs", 4L)));

        for (Mutation mutation : mutations(encoding)) {
            assertThat(changesSometimes(mutation, body, donor, random))
                    .as("%s changed the %s body in %d tries", mutation.name(), encoding, TRIES_TO_CHANGE_A_BODY)
                    .isTrue();
        }
    }

    private static boolean changesSometimes(Mutation mutation, byte[] body, byte[] donor, SplittableRandom random) {
        for (int i = 0; i < TRIES_TO_CHANGE_A_BODY; i++) {
            byte[] spoilt = mutation.apply(body, donor, random);
            if (spoilt != null && !Arrays.equals(spoilt, body)) {
                return true;
            }
        }
        return false;
    }

    private static Case spoil(MessageCodec codec, Class<? extends Message> type, int number, SplittableRandom random) {
        byte[] valid = codec.encode(RandomMessages.of(type, random));
        byte[] donor = codec.encode(RandomMessages.any(random));
        List<Mutation> aware = encodingAware(codec.encoding());
        List<String> applied = new ArrayList<>();
        byte[] body = valid;
        int count = 1 + random.nextInt(MAX_STACKED_MUTATIONS);
        for (int i = 0; i < count; i++) {
            Mutation mutation = pick(random.nextBoolean() ? aware : ByteMutations.ALL, random);
            byte[] spoilt = mutation.apply(body, donor, random);
            while (spoilt == null) {
                // nothing this one can work on (no array, no longer JSON, an empty body): another byte-level
                // one; inserting and splicing always apply, so this ends
                mutation = pick(ByteMutations.ALL, random);
                spoilt = mutation.apply(body, donor, random);
            }
            applied.add(mutation.name());
            body = spoilt;
        }
        return new Case(codec, type, number, valid, applied, body);
    }

    /** The complete message the body decodes to, or null when it is refused as corrupt; anything else fails. */
    private static Message decodeOrRefuse(Case c) {
        Message decoded;
        try {
            decoded = decodeAll(c.codec(), c.type(), c.body());
        } catch (ProtocolException e) {
            if (e.errorCode() != ErrorCode.CORRUPT_MESSAGE) {
                throw c.failure("refused with " + e.errorCode() + ", not CORRUPT_MESSAGE", e);
            }
            return null;
        } catch (RuntimeException e) {
            throw c.failure("decode threw " + e + ", not a ProtocolException", e);
        }
        assertComplete(c, decoded);
        return decoded;
    }

    private static void assertComplete(Case c, Message decoded) {
        String nullAt = firstNull(decoded, c.type().getSimpleName());
        if (nullAt != null) {
            throw c.failure("decoded, with " + nullAt + " null: " + decoded, null);
        }
        byte[] reencoded;
        Message again;
        try {
            reencoded = c.codec().encode(decoded);
            again = decodeAll(c.codec(), c.type(), reencoded);
        } catch (RuntimeException e) {
            throw c.failure("decoded " + decoded + ", which does not encode and decode again: " + e, e);
        }
        if (!again.equals(decoded)) {
            throw c.failure("decoded " + decoded + ", which encodes and decodes to " + again, null);
        }
        BodyShape sent = BodyShape.of(c.codec().encoding(), c.body());
        BodyShape understood = BodyShape.of(c.codec().encoding(), reencoded);
        if (sent == null || !sent.equals(understood)) {
            throw c.failure("decoded " + decoded + " from a body of other fields: sent " + sent + ", understood "
                    + understood, null);
        }
    }

    /** Decodes {@code body} and checks that decode read all of it, as {@link MessageCodec#decode} promises. */
    private static Message decodeAll(MessageCodec codec, Class<? extends Message> type, byte[] body) {
        ByteBuf buffer = Unpooled.wrappedBuffer(body);
        try {
            Message decoded = codec.decode(type, buffer);
            if (buffer.isReadable()) {
                throw new IllegalStateException("decode left bytes unread: readableBytes=" + buffer.readableBytes());
            }
            return decoded;
        } finally {
            buffer.release();
        }
    }

    /**
     * The path of the first null in {@code value} (a message, a record, a list, a map or a leaf),
     * or null when there is none. Generic over record components, so that a field added to a
     * message is checked too.
     */
    private static String firstNull(Object value, String path) {
        if (value == null) {
            return path;
        }
        for (Child child : children(value)) {
            String found = firstNull(child.value(), path + child.step());
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** A value inside another, and the step of the path that leads to it. */
    private record Child(String step, Object value) {}

    private static List<Child> children(Object value) {
        List<Child> children = new ArrayList<>();
        if (value instanceof Record record) {
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                children.add(new Child("." + component.getName(), read(component, record)));
            }
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                children.add(new Child("[" + i + "]", list.get(i)));
            }
        } else if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                children.add(new Child("[" + entry.getKey() + "]", entry.getValue()));
            }
        }
        return children;
    }

    private static Object read(RecordComponent component, Record record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read component=" + component.getName() + " of " + record, e);
        }
    }

    private static List<Mutation> encodingAware(Encoding encoding) {
        return switch (encoding) {
            case JSON -> JsonMutations.ALL;
            case PROTOBUF -> ProtobufMutations.ALL;
        };
    }

    private static List<Mutation> mutations(Encoding encoding) {
        List<Mutation> all = new ArrayList<>(ByteMutations.ALL);
        all.addAll(encodingAware(encoding));
        return all;
    }

    private static <T> T pick(List<T> from, SplittableRandom random) {
        return from.get(random.nextInt(from.size()));
    }
}
