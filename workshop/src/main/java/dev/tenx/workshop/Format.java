package dev.tenx.workshop;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * How figures print: "-" for a figure that could not be computed, never "NaN" or "Infinity".
 * Always {@link Locale#ROOT}, so that a run prints the same digits and separators on every
 * machine. Pure functions: stateless, any thread may call them.
 */
public final class Format {

    static final String MISSING = "-";
    /** A figure this system cannot measure ({@code /proc/<pid>/io} off Linux). */
    static final String NOT_AVAILABLE = "n/a";
    /** From here up, whole numbers: {@code 123}, {@code 1,234}. */
    private static final double LARGE = 100;
    /** From here up to {@link #LARGE}, three significant digits in fixed notation: {@code 1.23}, {@code 12.3}. */
    private static final double SMALL = 1;

    private Format() {}

    /** A count or rate, rounded, with thousands separators: {@code 12,345}. */
    public static String count(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%,.0f", value) : MISSING;
    }

    /**
     * Three significant digits or so, for figures that range from 0.001 to millions (latency
     * in ms, per-record costs): {@code 0.0123}, {@code 1.23}, {@code 12.3}, {@code 1,234}.
     */
    public static String decimal(double value) {
        if (!Double.isFinite(value)) {
            return MISSING;
        }
        double magnitude = Math.abs(value);
        if (magnitude >= LARGE || value == 0) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (magnitude >= SMALL) {
            return String.format(Locale.ROOT, "%.3g", value);
        }
        return String.format(Locale.ROOT, "%.3g", value).replaceFirst("e-0?(\\d+)$", "e-$1");
    }

    /** A setting as a person would type it: {@code 0}, {@code 1}, {@code 0.5}; no exponent, no trailing zeros. */
    public static String plain(double value) {
        return Double.isFinite(value) ? BigDecimal.valueOf(value).stripTrailingZeros().toPlainString() : MISSING;
    }

    /**
     * A figure over repetitions: its median, then {@code (min..max)} when the two print
     * differently, so that a figure every repetition agrees on stays one number. "-" when no
     * repetition has it.
     */
    public static String spread(Spread spread, DoubleFunction<String> format) {
        if (spread.count() == 0) {
            return MISSING;
        }
        String median = format.apply(spread.median());
        String min = format.apply(spread.min());
        String max = format.apply(spread.max());
        return min.equals(max) ? median : median + " (" + min + ".." + max + ")";
    }

    /** A multiple: {@code 1.00x}, {@code 12.3x}. */
    public static String ratio(double value) {
        return Double.isFinite(value) ? decimal(value) + "x" : MISSING;
    }
}
