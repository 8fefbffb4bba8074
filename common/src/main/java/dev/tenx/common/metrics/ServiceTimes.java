package dev.tenx.common.metrics;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * How long a broker took to serve requests of one kind: their count, the sum of their times and
 * how many took under each of a fixed set of bounds, all as counters that only grow. A reader
 * takes two snapshots and subtracts: the mean over the window between them is Δsum / Δcount, and
 * a percentile of that window comes from the Δ of the bucket counts ({@link #percentileMicros}).
 * A percentile of the whole run, as a live HdrHistogram would give it, cannot be subtracted that
 * way; bucket counts can, which is why Prometheus histograms are made of them too.
 *
 * <p>Buckets are log-linear, four to each power of two from {@value #FIRST_BOUND_MICROS} µs to
 * about 33 s (2^25 µs): a percentile is known to within a quarter of its power of two, and
 * recording one time costs two {@link LongAdder} increments beside the sum's.
 *
 * <p>Thread-safe: any thread records; {@link #snapshotInto} may run concurrently and sees each
 * counter at some recent value, so a bucket may be a few requests ahead of the count.
 */
public final class ServiceTimes {

    /** The first bound: every time under it falls in the first bucket. */
    static final long FIRST_BOUND_MICROS = 16;
    /** Buckets per power of two, as the two bits under a time's highest one bit say. */
    private static final int SUB_BUCKET_BITS = 2;
    private static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
    /** The power of two of {@link #FIRST_BOUND_MICROS}. */
    private static final int FIRST_POWER = Long.numberOfTrailingZeros(FIRST_BOUND_MICROS);
    /** The power of two of the last bound, 2^25 µs, about 33 s; longer times count only in the sum and count. */
    private static final int LAST_POWER = 25;
    private static final int BUCKETS = 1 + (LAST_POWER - FIRST_POWER) * SUB_BUCKETS;

    private final String name;
    private final LongAdder count = new LongAdder();
    private final LongAdder nanos = new LongAdder();
    private final LongAdder[] buckets = new LongAdder[BUCKETS];

    /** @param name the prefix of every counter it exports, such as {@code produce.service} */
    public ServiceTimes(String name) {
        this.name = name;
        for (int i = 0; i < BUCKETS; i++) {
            buckets[i] = new LongAdder();
        }
    }

    /** Counts one request served in {@code elapsedNanos}. */
    public void record(long elapsedNanos) {
        if (elapsedNanos < 0) {
            throw new IllegalArgumentException("elapsedNanos=" + elapsedNanos + ": a service time is never negative");
        }
        count.increment();
        nanos.add(elapsedNanos);
        int bucket = bucketOf(TimeUnit.NANOSECONDS.toMicros(elapsedNanos));
        if (bucket < BUCKETS) {
            buckets[bucket].increment();
        }
    }

    /**
     * Adds {@code <name>.count}, {@code <name>.nanos} and, for each bound, {@code <name>.under.<N>us}:
     * the requests served in less than N µs, cumulative, as Prometheus's {@code le} buckets are.
     */
    public void snapshotInto(Map<String, Long> out) {
        out.put(countKey(name), count.sum());
        out.put(nanosKey(name), nanos.sum());
        long under = 0;
        for (int i = 0; i < BUCKETS; i++) {
            under += buckets[i].sum();
            out.put(underKey(name, boundMicros(i)), under);
        }
    }

    public static String countKey(String name) {
        return name + ".count";
    }

    public static String nanosKey(String name) {
        return name + ".nanos";
    }

    static String underKey(String name, long boundMicros) {
        return name + ".under." + boundMicros + "us";
    }

    /**
     * The {@code quantile} (0.99 for p99) of the times recorded between two snapshots, as the
     * bound of the first bucket that reaches it: the time is under that many µs, and at least
     * three quarters of it. {@link Double#NaN} when nothing was recorded between them;
     * {@link Double#POSITIVE_INFINITY} when the quantile lies beyond the last bound.
     */
    public static double percentileMicros(String name, Map<String, Long> start, Map<String, Long> end,
                                          double quantile) {
        if (!(quantile > 0 && quantile <= 1)) {
            throw new IllegalArgumentException("quantile=" + quantile + ": must be in (0, 1]");
        }
        long total = delta(start, end, countKey(name));
        if (total == 0) {
            return Double.NaN;
        }
        double rank = quantile * total;
        for (int i = 0; i < BUCKETS; i++) {
            long bound = boundMicros(i);
            if (delta(start, end, underKey(name, bound)) >= rank) {
                return bound;
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    /** The mean time of the requests recorded between two snapshots, in µs; NaN when there were none. */
    public static double meanMicros(String name, Map<String, Long> start, Map<String, Long> end) {
        long total = delta(start, end, countKey(name));
        return total == 0 ? Double.NaN
                : (double) delta(start, end, nanosKey(name)) / total / TimeUnit.MICROSECONDS.toNanos(1);
    }

    private static long delta(Map<String, Long> start, Map<String, Long> end, String key) {
        Long before = start.get(key);
        Long after = end.get(key);
        if (before == null || after == null) {
            throw new IllegalArgumentException("key=" + key + " is missing from a snapshot: " + end.keySet());
        }
        return after - before;
    }

    /** The bucket of a time: 0 under the first bound, then four per power of two. */
    static int bucketOf(long micros) {
        if (micros < FIRST_BOUND_MICROS) {
            return 0;
        }
        int power = Long.SIZE - 1 - Long.numberOfLeadingZeros(micros);
        int sub = (int) (micros >>> (power - SUB_BUCKET_BITS)) & (SUB_BUCKETS - 1);
        return 1 + (power - FIRST_POWER) * SUB_BUCKETS + sub;
    }

    /** The exclusive upper bound of bucket {@code i}, in µs. */
    static long boundMicros(int i) {
        if (i == 0) {
            return FIRST_BOUND_MICROS;
        }
        int power = FIRST_POWER + (i - 1) / SUB_BUCKETS;
        int sub = (i - 1) % SUB_BUCKETS;
        return (long) (SUB_BUCKETS + sub + 1) << (power - SUB_BUCKET_BITS);
    }

    static int buckets() {
        return BUCKETS;
    }
}
