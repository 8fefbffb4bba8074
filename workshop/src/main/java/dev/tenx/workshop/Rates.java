package dev.tenx.workshop;

/**
 * The arithmetic every figure shares, in one place so that a unit test pins it. A figure that
 * cannot be computed (nothing to divide by) is {@code NaN}, printed as "-", never 0 or infinity.
 *
 * <p>Pure functions of their arguments: stateless, any thread may call them (the progress
 * thread does, as well as the controlling thread).
 */
public final class Rates {

    private static final double NANOS_PER_SECOND = 1e9;
    private static final double NANOS_PER_MICRO = 1e3;
    private static final double NANOS_PER_MILLI = 1e6;
    /** Decimal MB, 10^6 bytes (kafka-producer-perf-test divides by 2^20 instead). */
    private static final double BYTES_PER_MB = 1e6;

    private Rates() {}

    public static double perRecord(long amount, long records) {
        return records > 0 ? (double) amount / records : Double.NaN;
    }

    /** How many records one request carried on average: the batching figure. */
    public static double recordsPerRequest(long records, long requests) {
        return requests > 0 ? (double) records / requests : Double.NaN;
    }

    public static double perSecond(long count, long nanos) {
        return nanos > 0 ? count * NANOS_PER_SECOND / nanos : Double.NaN;
    }

    public static double megabytesPerSecond(long bytes, long nanos) {
        return perSecond(bytes, nanos) / BYTES_PER_MB;
    }

    /** Bytes per call: how much one read or write system call moved on average. */
    public static double bytesPerCall(long bytes, long calls) {
        return calls > 0 ? (double) bytes / calls : Double.NaN;
    }

    public static double microsPerRecord(long nanos, long records) {
        return perRecord(nanos, records) / NANOS_PER_MICRO;
    }

    public static double millis(long nanos) {
        return nanos / NANOS_PER_MILLI;
    }

    /** {@code value / baseline}: how many times the baseline; NaN when either is missing. */
    public static double ratio(double value, double baseline) {
        if (Double.isNaN(value) || Double.isNaN(baseline) || baseline == 0) {
            return Double.NaN;
        }
        return value / baseline;
    }
}
