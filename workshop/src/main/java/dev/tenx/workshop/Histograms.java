package dev.tenx.workshop;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The one definition of a percentile in every table the runner prints, calibration included:
 * HdrHistogram's {@code getValueAtPercentile} over values recorded at
 * {@value #SIGNIFICANT_DIGITS} significant digits. That is the nearest rank (the smallest value
 * that the given share of the samples does not exceed), reported as the upper end of its
 * histogram bucket, so at most 0.1% above the value recorded.
 *
 * <p>Stateless; any thread may call it. The histograms it makes are not thread-safe, the
 * recorders are (HdrHistogram's own contract).
 */
final class Histograms {

    static final int SIGNIFICANT_DIGITS = 3;
    static final double P50 = 50.0;
    static final double P99 = 99.0;
    static final double P999 = 99.9;

    private Histograms() {}

    /** A histogram that grows to whatever value it is given. */
    static Histogram newHistogram() {
        return new Histogram(SIGNIFICANT_DIGITS);
    }

    /** For values recorded from several threads while another reads interval histograms. */
    static Recorder newRecorder() {
        return new Recorder(SIGNIFICANT_DIGITS);
    }

    static Histogram of(long[] values) {
        Histogram histogram = newHistogram();
        for (long value : values) {
            histogram.recordValue(value);
        }
        return histogram;
    }
}
