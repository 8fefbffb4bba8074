package dev.tenx.workshop;

import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Everything measured for one stage in one run, and the configuration it ran with. Immutable;
 * what results.json holds per stage.
 */
public record StageResult(
        String stage,
        int number,
        String technique,
        Produce produce,
        Latency latency,
        Replay.Result replay,
        Costs costs,
        Map<String, Object> brokerConfig,
        Map<String, Object> producerConfig,
        Map<String, Object> consumerConfig) {

    /** Records acknowledged inside the measured window, and the log end when producing stopped. */
    public record Produce(long records, long bytes, long nanos, double recordsPerSecond,
                          double megabytesPerSecond, long logEnd) {

        static Produce of(LoadGenerator.Window window, int recordSize, long logEnd) {
            long bytes = window.acknowledged() * recordSize;
            return new Produce(window.acknowledged(), bytes, window.nanos(),
                    Rates.perSecond(window.acknowledged(), window.nanos()),
                    Rates.megabytesPerSecond(bytes, window.nanos()), logEnd);
        }
    }

    /** Send-to-acknowledgement latency over the measured window, in milliseconds. */
    public record Latency(long count, double p50Ms, double p99Ms, double p999Ms, double maxMs) {

        private static final double P50 = 50.0;
        private static final double P99 = 99.0;
        private static final double P999 = 99.9;

        static Latency of(Histogram nanos) {
            if (nanos.getTotalCount() == 0) {
                return new Latency(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
            }
            return new Latency(nanos.getTotalCount(),
                    Rates.millis(nanos.getValueAtPercentile(P50)),
                    Rates.millis(nanos.getValueAtPercentile(P99)),
                    Rates.millis(nanos.getValueAtPercentile(P999)),
                    Rates.millis(nanos.getMaxValue()));
        }
    }
}
