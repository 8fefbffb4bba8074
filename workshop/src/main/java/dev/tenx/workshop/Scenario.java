package dev.tenx.workshop;

import dev.tenx.common.config.ConfigException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One workload every stage runs: value bytes per record, producer connections, added round trip.
 * Its name says all three, {@code <size>-<producers>p[-rtt<ms>]}, as in {@code 100B-1p},
 * {@code 100B-1p-rtt1} or {@code 1KB-4p}, so a table row needs no legend and any workload can be
 * asked for by name. Sizes are decimal, as MB/s is: {@code 1KB} is 1,000 bytes, {@code 1MB}
 * 1,000,000; a size that is no whole number of either is written in bytes ({@code 1024B}).
 *
 * <p>Immutable.
 *
 * @param rttMs the round trip added by the delay proxy, in ms; 0 connects the clients straight to the broker
 */
public record Scenario(String name, int recordSize, int producers, double rttMs) {

    static final int MAX_RECORD_SIZE = 64 * 1024 * 1024;
    static final int MAX_PRODUCERS = 256;
    /** A second: more is a unit mix-up (rtt1000 for 1 ms), and the run would crawl. */
    static final double MAX_RTT_MS = 1_000;

    private static final Pattern NAME = Pattern.compile("(\\d+)(B|KB|MB)-(\\d+)p(?:-rtt(\\d+(?:\\.\\d+)?))?");
    private static final int BYTES_PER_KB = 1_000;
    private static final int BYTES_PER_MB = 1_000_000;
    private static final String LIST_SEPARATOR = ",";

    /** The scenario of these keys, named after them. */
    public static Scenario of(int recordSize, int producers, double rttMs) {
        return new Scenario(nameOf(recordSize, producers, rttMs), recordSize, producers, rttMs);
    }

    private static String nameOf(int recordSize, int producers, double rttMs) {
        String size = recordSize > 0 && recordSize % BYTES_PER_MB == 0 ? recordSize / BYTES_PER_MB + "MB"
                : recordSize > 0 && recordSize % BYTES_PER_KB == 0 ? recordSize / BYTES_PER_KB + "KB"
                : recordSize + "B";
        return size + "-" + producers + "p" + (rttMs > 0 ? "-rtt" + Format.plain(rttMs) : "");
    }

    /**
     * The scenarios a comma-separated list of names asks for, in its order, each named as
     * {@link #of} names it ({@code 1000B-1p-rtt0} is {@code 1KB-1p}). Fails, naming
     * {@code key=text}, on a name that does not parse, a value out of bounds, or a scenario
     * listed twice.
     */
    public static List<Scenario> parseList(String key, String text) {
        List<Scenario> scenarios = new ArrayList<>();
        for (String item : text.split(LIST_SEPARATOR)) {
            if (item.isBlank()) {
                continue;
            }
            Scenario scenario = parse(key + "=" + text, item.trim());
            if (scenarios.contains(scenario)) {
                throw new ConfigException(key + "=" + text + ": " + scenario.name() + " is listed twice");
            }
            scenarios.add(scenario);
        }
        if (scenarios.isEmpty()) {
            throw new ConfigException(key + "=" + text + ": needs at least one scenario, such as 100B-1p");
        }
        return List.copyOf(scenarios);
    }

    private static Scenario parse(String given, String name) {
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            throw new ConfigException(given + ": " + name + " is not <size>-<producers>p[-rtt<ms>], such as 100B-1p,"
                    + " 1KB-4p or 100B-1p-rtt1 (sizes in B, KB = 1,000 B or MB = 10^6 B)");
        }
        long multiplier = switch (m.group(2)) {
            case "KB" -> BYTES_PER_KB;
            case "MB" -> BYTES_PER_MB;
            default -> 1;
        };
        BigDecimal size = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(multiplier));
        BigDecimal producers = new BigDecimal(m.group(3));
        BigDecimal rttMs = m.group(4) == null ? BigDecimal.ZERO : new BigDecimal(m.group(4));
        requireBetween(given, name, "record size", size, 0, MAX_RECORD_SIZE);
        requireBetween(given, name, "producers", producers, 1, MAX_PRODUCERS);
        requireBetween(given, name, "rtt", rttMs, 0, MAX_RTT_MS);
        return of(size.intValueExact(), producers.intValueExact(), rttMs.doubleValue());
    }

    private static void requireBetween(String given, String name, String what, BigDecimal value, double min, double max) {
        if (value.compareTo(BigDecimal.valueOf(min)) < 0 || value.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw new ConfigException(given + ": " + name + " has " + what + " " + value.toPlainString()
                    + "; it must be between " + Format.plain(min) + " and " + Format.plain(max));
        }
    }
}
