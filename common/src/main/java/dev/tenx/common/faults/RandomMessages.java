package dev.tenx.common.faults;

import dev.tenx.common.wire.ErrorCode;
import dev.tenx.common.wire.ErrorResponse;
import dev.tenx.common.wire.FetchRequest;
import dev.tenx.common.wire.FetchResponse;
import dev.tenx.common.wire.LogRecord;
import dev.tenx.common.wire.Message;
import dev.tenx.common.wire.ProduceRequest;
import dev.tenx.common.wire.ProduceResponse;
import dev.tenx.common.wire.StatsRequest;
import dev.tenx.common.wire.StatsResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Valid messages of every type, drawn from a seeded random: numbers often at the edges where
 * varints and base64 change width, strings with characters that JSON escapes and UTF-8 widens,
 * zero to a few records. What the codec mutation property test and the reliability run's hostile frames start each mutation from.
 * Stateless; the caller's random is the only state, so it is as thread-safe as that.
 */
public final class RandomMessages {

    /** Every message type of {@code wire.proto}. */
    public static final List<Class<? extends Message>> TYPES = List.of(ProduceRequest.class, ProduceResponse.class,
            FetchRequest.class, FetchResponse.class, StatsRequest.class, StatsResponse.class, ErrorResponse.class);

    private static final long[] EDGE_LONGS = {0, 1, -1, 127, 128, 16_384, Integer.MAX_VALUE, Integer.MIN_VALUE,
            Long.MAX_VALUE, Long.MIN_VALUE};
    private static final int[] EDGE_INTS = {0, 1, -1, 127, 128, 16_384, Integer.MAX_VALUE, Integer.MIN_VALUE};
    /** One- to four-byte UTF-8, a surrogate pair, and what JSON must escape. */
    private static final String[] CHARACTERS = {"a", "Z", "0", " ", "\"", "\\", "/", "\n", "\u0000", "é", "✓", "😀"};
    private static final int MAX_RECORDS = 3;
    private static final int MAX_PAYLOAD_BYTES = 12;
    private static final int MAX_STRING_CHARACTERS = 6;
    private static final int MAX_COUNTERS = 3;

    private RandomMessages() {}

    public static Message of(Class<? extends Message> type, SplittableRandom random) {
        if (type == ProduceRequest.class) {
            return new ProduceRequest(randomLong(random), randomInt(random), records(random));
        } else if (type == ProduceResponse.class) {
            return new ProduceResponse(errorCode(random), string(random), randomLong(random));
        } else if (type == FetchRequest.class) {
            return new FetchRequest(randomLong(random), randomInt(random), randomInt(random));
        } else if (type == FetchResponse.class) {
            return new FetchResponse(errorCode(random), string(random), randomLong(random), randomLong(random),
                    records(random));
        } else if (type == StatsRequest.class) {
            return new StatsRequest();
        } else if (type == StatsResponse.class) {
            return new StatsResponse(counters(random));
        } else if (type == ErrorResponse.class) {
            return new ErrorResponse(errorCode(random), string(random));
        }
        throw new IllegalArgumentException("not a wire message: type=" + type.getName());
    }

    public static Message any(SplittableRandom random) {
        return of(TYPES.get(random.nextInt(TYPES.size())), random);
    }

    private static List<LogRecord> records(SplittableRandom random) {
        int count = random.nextInt(MAX_RECORDS + 1);
        List<LogRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            records.add(new LogRecord(bytes(random), bytes(random), randomLong(random)));
        }
        return records;
    }

    private static Map<String, Long> counters(SplittableRandom random) {
        int count = random.nextInt(MAX_COUNTERS + 1);
        Map<String, Long> counters = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            counters.put(string(random), randomLong(random));
        }
        return counters;
    }

    private static byte[] bytes(SplittableRandom random) {
        byte[] bytes = new byte[random.nextInt(MAX_PAYLOAD_BYTES + 1)];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String string(SplittableRandom random) {
        StringBuilder s = new StringBuilder();
        int length = random.nextInt(MAX_STRING_CHARACTERS + 1);
        for (int i = 0; i < length; i++) {
            s.append(CHARACTERS[random.nextInt(CHARACTERS.length)]);
        }
        return s.toString();
    }

    private static ErrorCode errorCode(SplittableRandom random) {
        ErrorCode[] codes = ErrorCode.values();
        return codes[random.nextInt(codes.length)];
    }

    private static long randomLong(SplittableRandom random) {
        return random.nextBoolean() ? EDGE_LONGS[random.nextInt(EDGE_LONGS.length)] : random.nextLong();
    }

    private static int randomInt(SplittableRandom random) {
        return random.nextBoolean() ? EDGE_INTS[random.nextInt(EDGE_INTS.length)] : random.nextInt();
    }
}
