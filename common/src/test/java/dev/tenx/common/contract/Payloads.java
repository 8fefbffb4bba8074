package dev.tenx.common.contract;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Record contents the suite can tell apart: a key naming its producer and sequence number, and
 * a value of pseudo-random bytes (every byte value occurs, so text-based encodings are tested
 * on binary data) whose length varies from record to record.
 */
public final class Payloads {

    private static final int MAX_VALUE_LENGTH = 300;

    private Payloads() {}

    public static byte[] key(int producer, int sequence) {
        return ("p" + producer + "-" + sequence).getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] value(int producer, int sequence) {
        int length = 1 + Math.floorMod(sequence * 37 + producer * 11, MAX_VALUE_LENGTH);
        return randomBytes(length, seed(producer, sequence));
    }

    public static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    private static long seed(int producer, int sequence) {
        return ((long) producer << 32) | (sequence & 0xFFFF_FFFFL);
    }
}
