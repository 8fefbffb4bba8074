package dev.tenx.workshop;

import dev.tenx.common.config.ConfigException;
import java.math.BigDecimal;

/**
 * The {@code latency.rate} knob, parsed: the rate the open-loop latency phase offers, either a
 * share of the rate the same stage reached in the closed-loop window just before it
 * ({@code 50%}), or a fixed number of records per second for every stage ({@code 5000}).
 * Immutable.
 *
 * @param shareOfCapacity in (0, 1], or 0 when the rate is fixed
 * @param fixedPerSecond  above 0 when the rate is fixed, else 0
 */
public record OfferedRate(double shareOfCapacity, double fixedPerSecond) {

    private static final String PERCENT = "%";
    private static final double HUNDRED = 100;

    public static OfferedRate parse(String name, String text) {
        String value = text.trim();
        boolean share = value.endsWith(PERCENT);
        BigDecimal number;
        try {
            number = new BigDecimal(share ? value.substring(0, value.length() - PERCENT.length()).trim() : value);
        } catch (NumberFormatException e) {
            throw new ConfigException(name + "=" + text + ": expected a share of capacity such as 50% or records"
                    + " per second such as 5000");
        }
        if (number.signum() <= 0 || (share && number.compareTo(BigDecimal.valueOf(HUNDRED)) > 0)) {
            throw new ConfigException(name + "=" + text + ": must be above 0" + (share ? " and at most 100%" : ""));
        }
        return share ? new OfferedRate(number.doubleValue() / HUNDRED, 0) : new OfferedRate(0, number.doubleValue());
    }

    /** The rate to offer a stage that reached {@code closedLoopPerSecond} at saturation; NaN if that is unknown. */
    public double offered(double closedLoopPerSecond) {
        return shareOfCapacity > 0 ? shareOfCapacity * closedLoopPerSecond : fixedPerSecond;
    }
}
