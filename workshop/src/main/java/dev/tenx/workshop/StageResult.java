package dev.tenx.workshop;

import dev.tenx.workshop.profile.StageProfile;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Everything measured for one stage in one repetition of one scenario (and, in a sweep, one
 * combination of swept values), and the configuration it ran with. Immutable; what results.json
 * holds per stage run.
 *
 * @param repetition     from 1; the runs of one repetition are compared with each other
 * @param scenario       the workload: record size, producers, added round trip
 * @param sweep          the swept keys' values for this run, in sweep order; empty outside a sweep
 * @param clientPid      the load generator's JVM, one per stage run
 * @param saturated      the closed loop's send-to-acknowledgement latency at full load: mostly
 *                       the time a record queues behind the runner's window
 * @param openLoop       latency at a fixed offered rate, from each record's due time; null when skipped
 * @param replay         null when the run skipped it (sweeps do)
 * @param producerGauges the producers' buffered bytes and requests in flight over the window
 * @param profile        where the broker's and the client's time went in the measured windows;
 *                       null when {@code profile=false}
 */
public record StageResult(
        String stage,
        int number,
        String technique,
        int repetition,
        Scenario scenario,
        Map<String, String> sweep,
        long clientPid,
        Produce produce,
        Latency saturated,
        OpenLoop openLoop,
        Replay.Result replay,
        Costs costs,
        ProducerGaugeSampler.Summary producerGauges,
        Map<String, Object> brokerConfig,
        Map<String, Object> producerConfig,
        Map<String, Object> consumerConfig,
        StageProfile profile) {

    /** A result without a profile ({@code profile=false}). */
    public StageResult(String stage, int number, String technique, int repetition, Scenario scenario,
                       Map<String, String> sweep, long clientPid, Produce produce, Latency saturated, OpenLoop openLoop,
                       Replay.Result replay, Costs costs, ProducerGaugeSampler.Summary producerGauges,
                       Map<String, Object> brokerConfig, Map<String, Object> producerConfig,
                       Map<String, Object> consumerConfig) {
        this(stage, number, technique, repetition, scenario, sweep, clientPid, produce, saturated, openLoop, replay,
                costs, producerGauges, brokerConfig, producerConfig, consumerConfig, null);
    }

    /** This result with {@code profile}. */
    public StageResult withProfile(StageProfile profile) {
        return new StageResult(stage, number, technique, repetition, scenario, sweep, clientPid, produce, saturated,
                openLoop, replay, costs, producerGauges, brokerConfig, producerConfig, consumerConfig, profile);
    }

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

    /**
     * The open-loop phase: the rate it offered, the rate of acknowledgements of the records due
     * in its window (below the offered rate when the stage fell behind the timetable), and their
     * latencies from when each was due.
     */
    public record OpenLoop(double offeredRecordsPerSecond, double achievedRecordsPerSecond, Latency latency) {

        static OpenLoop of(double offeredRecordsPerSecond, LoadGenerator.Window window) {
            return new OpenLoop(offeredRecordsPerSecond, Rates.perSecond(window.acknowledged(), window.nanos()),
                    Latency.of(window.latencyNanos()));
        }
    }

    /** Latency over a measured window, in milliseconds, percentiles as {@link Histograms} defines them. */
    public record Latency(long count, double p50Ms, double p99Ms, double p999Ms, double maxMs) {

        static Latency of(Histogram nanos) {
            if (nanos.getTotalCount() == 0) {
                return new Latency(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
            }
            return new Latency(nanos.getTotalCount(),
                    Rates.millis(nanos.getValueAtPercentile(Histograms.P50)),
                    Rates.millis(nanos.getValueAtPercentile(Histograms.P99)),
                    Rates.millis(nanos.getValueAtPercentile(Histograms.P999)),
                    Rates.millis(nanos.getMaxValue()));
        }
    }
}
