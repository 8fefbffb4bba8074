package dev.tenx.common.spi;

/**
 * Names of the gauges {@link Producer#metrics()} reports. A gauge is a value at the moment it
 * is read, not a count since start.
 */
public final class ProducerMetrics {

    /**
     * Bytes of records accepted by {@code send} and not yet acknowledged: the accumulator's
     * memory, which batching and pipelining trade for throughput and which backpressure bounds.
     */
    public static final String BUFFERED_BYTES = "buffered.bytes";
    /** Records accepted by {@code send} and not yet acknowledged or failed. */
    public static final String BUFFERED_RECORDS = "buffered.records";
    /** Requests written to the connection and not yet answered. */
    public static final String IN_FLIGHT_REQUESTS = "in.flight.requests";

    private ProducerMetrics() {}
}
