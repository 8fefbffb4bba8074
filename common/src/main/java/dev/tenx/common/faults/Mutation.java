package dev.tenx.common.faults;

import java.util.SplittableRandom;

/**
 * One named way to spoil a body, for the codec mutation property test (common's tests) and the reliability run's hostile frames. {@link #apply} returns new
 * bytes and never changes its arguments; it returns null when the body has nothing this mutation
 * can work on (a JSON mutation given bytes that no longer parse as JSON, say). Immutable.
 */
public record Mutation(String name, Spoiler spoiler) {

    public interface Spoiler {
        /** {@code donor} is another valid body in the same encoding, for mutations that splice. */
        byte[] spoil(byte[] body, byte[] donor, SplittableRandom random);
    }

    public byte[] apply(byte[] body, byte[] donor, SplittableRandom random) {
        return spoiler.spoil(body, donor, random);
    }
}
