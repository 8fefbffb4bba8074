package dev.tenx.workshop;

import java.util.Map;

/**
 * One point of an overload run's time series, taken every {@code overload.sample.ms}. Immutable.
 *
 * @param atMs                 since the load started
 * @param acknowledgedPerSecond acknowledgements in the interval, per second
 * @param failedPerSecond       sends that failed in the interval, per second, whatever the type
 * @param p99Ms                 p99 of the interval's acknowledgements, from each record's intended
 *                              send time; NaN when none came
 * @param producerBufferedBytes what all producers held ({@code buffered.bytes}, summed)
 * @param brokerHeapBytes       the broker's heap in use, from Stats; -1 when it did not answer
 * @param brokerCounters        the admission's counters from the same Stats answer (empty when none came)
 */
public record OverloadSample(long atMs, double acknowledgedPerSecond, double failedPerSecond, double p99Ms,
                             long producerBufferedBytes, long brokerHeapBytes, Map<String, Long> brokerCounters) {
}
