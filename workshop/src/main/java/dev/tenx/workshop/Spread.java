package dev.tenx.workshop;

import java.util.Arrays;
import java.util.Collection;

/**
 * One figure over the repetitions of a run: the median, which the tables print first, and the
 * smallest and largest value, which they print as {@code (min..max)}. NaN values (a figure a
 * repetition could not compute) are left out; {@code count} says how many are in. Immutable.
 *
 * @param median the middle value; for an even count, the mean of the two middle ones. NaN when
 *               no value is in
 */
public record Spread(double median, double min, double max, int count) {

    private static final double HALF = 0.5;

    public static Spread of(Collection<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (sorted.length == 0) {
            return new Spread(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        int middle = sorted.length / 2;
        double median = sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) * HALF;
        return new Spread(median, sorted[0], sorted[sorted.length - 1], sorted.length);
    }

    public static Spread of(double... values) {
        return of(Arrays.stream(values).boxed().toList());
    }
}
