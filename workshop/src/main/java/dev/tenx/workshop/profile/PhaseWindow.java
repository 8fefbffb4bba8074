package dev.tenx.workshop.profile;

import java.time.Instant;

/**
 * A measured window of one stage run, as the load generator timed it: which phase, its wall-clock
 * bounds (epoch nanoseconds, the clock JFR stamps its events with; both JVMs share this machine's),
 * and the records that went through the system in it, the denominator of every per-record figure.
 * Immutable; travels from the client JVM to the runner as JSON.
 *
 * @param phase   {@value #PRODUCE} or {@value #REPLAY}
 * @param records produce: the broker's Δrecords.appended, as the cost tables use; replay: the
 *                records the consumer's polls returned
 */
public record PhaseWindow(String phase, long startEpochNanos, long endEpochNanos, long records) {

    public static final String PRODUCE = "produce";
    public static final String REPLAY = "replay";
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** Now, as epoch nanoseconds (microsecond resolution on Linux's JDK 17). */
    public static long nowEpochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * NANOS_PER_SECOND + now.getNano();
    }

    public long nanos() {
        return endEpochNanos - startEpochNanos;
    }

    boolean contains(Instant t) {
        long epochNanos = t.getEpochSecond() * NANOS_PER_SECOND + t.getNano();
        return epochNanos >= startEpochNanos && epochNanos < endEpochNanos;
    }
}
