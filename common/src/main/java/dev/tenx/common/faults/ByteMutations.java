package dev.tenx.common.faults;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Mutations that know nothing of the encoding: bit flips, bytes set, inserted, deleted or
 * repeated, truncation, and splicing with another body. Stateless and thread-safe.
 */
public final class ByteMutations {

    private static final int MAX_SPAN_BYTES = 4;
    /** Bytes that mean something in one of the encodings: JSON punctuation, varint edges, common tags. */
    private static final byte[] MEANINGFUL_BYTES = {0x00, (byte) 0xFF, 0x7F, (byte) 0x80, '"', '\\', '{', '}', '[',
            ']', ',', ':', 'n', '-', '0', ' ', 0x08, 0x0A, 0x12, 0x7A};

    public static final List<Mutation> ALL = List.of(
            new Mutation("flip a bit", ByteMutations::flipBit),
            new Mutation("set a byte", ByteMutations::setByte),
            new Mutation("insert bytes", ByteMutations::insertBytes),
            new Mutation("delete bytes", ByteMutations::deleteBytes),
            new Mutation("truncate", ByteMutations::truncate),
            new Mutation("splice with another body", ByteMutations::splice),
            new Mutation("repeat a span", ByteMutations::repeatSpan));

    private ByteMutations() {}

    private static byte[] flipBit(byte[] body, byte[] donor, SplittableRandom random) {
        if (body.length == 0) {
            return null;
        }
        byte[] out = body.clone();
        out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(Byte.SIZE));
        return out;
    }

    private static byte[] setByte(byte[] body, byte[] donor, SplittableRandom random) {
        if (body.length == 0) {
            return null;
        }
        byte[] out = body.clone();
        out[random.nextInt(out.length)] = randomByte(random);
        return out;
    }

    private static byte[] insertBytes(byte[] body, byte[] donor, SplittableRandom random) {
        byte[] inserted = new byte[1 + random.nextInt(MAX_SPAN_BYTES)];
        for (int i = 0; i < inserted.length; i++) {
            inserted[i] = randomByte(random);
        }
        return insert(body, random.nextInt(body.length + 1), inserted);
    }

    private static byte[] deleteBytes(byte[] body, byte[] donor, SplittableRandom random) {
        if (body.length == 0) {
            return null;
        }
        int from = random.nextInt(body.length);
        int to = Math.min(body.length, from + 1 + random.nextInt(MAX_SPAN_BYTES));
        byte[] out = new byte[body.length - (to - from)];
        System.arraycopy(body, 0, out, 0, from);
        System.arraycopy(body, to, out, from, body.length - to);
        return out;
    }

    private static byte[] truncate(byte[] body, byte[] donor, SplittableRandom random) {
        return body.length == 0 ? null : Arrays.copyOf(body, random.nextInt(body.length));
    }

    private static byte[] splice(byte[] body, byte[] donor, SplittableRandom random) {
        int keep = random.nextInt(body.length + 1);
        int donorFrom = random.nextInt(donor.length + 1);
        byte[] out = Arrays.copyOf(body, keep + donor.length - donorFrom);
        System.arraycopy(donor, donorFrom, out, keep, donor.length - donorFrom);
        return out;
    }

    private static byte[] repeatSpan(byte[] body, byte[] donor, SplittableRandom random) {
        if (body.length == 0) {
            return null;
        }
        int from = random.nextInt(body.length);
        int to = Math.min(body.length, from + 1 + random.nextInt(body.length - from));
        return insert(body, random.nextInt(body.length + 1), Arrays.copyOfRange(body, from, to));
    }

    private static byte[] insert(byte[] body, int at, byte[] inserted) {
        byte[] out = new byte[body.length + inserted.length];
        System.arraycopy(body, 0, out, 0, at);
        System.arraycopy(inserted, 0, out, at, inserted.length);
        System.arraycopy(body, at, out, at + inserted.length, body.length - at);
        return out;
    }

    private static byte randomByte(SplittableRandom random) {
        return random.nextBoolean() ? MEANINGFUL_BYTES[random.nextInt(MEANINGFUL_BYTES.length)]
                : (byte) random.nextInt(1 << Byte.SIZE);
    }
}
