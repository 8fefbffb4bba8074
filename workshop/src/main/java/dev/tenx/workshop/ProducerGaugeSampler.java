package dev.tenx.workshop;

import dev.tenx.common.spi.Producer;
import dev.tenx.common.spi.ProducerMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * What a technique holds in the client's memory: every {@value #PERIOD_MS} ms during the measured
 * window, the sum over the producers of their {@link Producer#metrics()} gauges (buffered bytes,
 * buffered records, requests in flight), kept as a peak and a mean. A stage whose producer
 * buffers nothing (stage 0) reports no gauges, so zeros.
 *
 * <p>Sampling, not tracking: a peak shorter than the period can be missed, and the mean is over
 * samples evenly spaced in time. Each sample costs one {@code metrics()} call per producer on
 * this thread, a hundred a second per producer, counted in the client's CPU and allocation like the
 * progress line.
 *
 * <p>Threads: {@link #start} and {@link #stop} run on the controlling thread; one daemon thread of
 * its own samples and alone writes the running figures, which {@link #stop} reads after joining it.
 */
public final class ProducerGaugeSampler {

    static final long PERIOD_MS = 10;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    /** The gauges over the window, summed over producers. Immutable; what results.json holds. */
    public record Summary(long samples, long bufferedBytesPeak, double bufferedBytesMean,
                          long bufferedRecordsPeak, long inFlightRequestsPeak) {

        public static final Summary NONE = new Summary(0, 0, 0, 0, 0);
    }

    private final List<Producer> producers;
    private final Thread thread;
    private volatile boolean running = true;
    /** Sampler thread only, until {@link #stop} has joined it. */
    private long samples;
    private long bufferedBytesPeak;
    private long bufferedBytesSum;
    private long bufferedRecordsPeak;
    private long inFlightPeak;
    private RuntimeException failure;

    private ProducerGaugeSampler(List<Producer> producers) {
        this.producers = producers;
        this.thread = new Thread(this::sampleUntilStopped, "producer-gauges");
        thread.setDaemon(true);
    }

    public static ProducerGaugeSampler start(List<Producer> producers) {
        ProducerGaugeSampler sampler = new ProducerGaugeSampler(List.copyOf(producers));
        sampler.thread.start();
        return sampler;
    }

    private void sampleUntilStopped() {
        try {
            do {
                sample();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(PERIOD_MS));
            } while (running);
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    private void sample() {
        long bufferedBytes = 0;
        long bufferedRecords = 0;
        long inFlight = 0;
        for (Producer producer : producers) {
            Map<String, Long> gauges = producer.metrics();
            bufferedBytes += gauges.getOrDefault(ProducerMetrics.BUFFERED_BYTES, 0L);
            bufferedRecords += gauges.getOrDefault(ProducerMetrics.BUFFERED_RECORDS, 0L);
            inFlight += gauges.getOrDefault(ProducerMetrics.IN_FLIGHT_REQUESTS, 0L);
        }
        samples++;
        bufferedBytesSum += bufferedBytes;
        bufferedBytesPeak = Math.max(bufferedBytesPeak, bufferedBytes);
        bufferedRecordsPeak = Math.max(bufferedRecordsPeak, bufferedRecords);
        inFlightPeak = Math.max(inFlightPeak, inFlight);
    }

    /** Stops sampling and returns the summary; fails if a producer's metrics() did. */
    public Summary stop() throws InterruptedException {
        running = false;
        LockSupport.unpark(thread);
        thread.join(STOP_TIMEOUT.toMillis());
        if (thread.isAlive()) {
            throw new IllegalStateException("producer-gauges did not end within " + STOP_TIMEOUT
                    + ": a producer's metrics() is stuck");
        }
        if (failure != null) {
            throw new IllegalStateException("a producer's metrics() failed: " + failure, failure);
        }
        return new Summary(samples, bufferedBytesPeak,
                samples > 0 ? (double) bufferedBytesSum / samples : Double.NaN, bufferedRecordsPeak, inFlightPeak);
    }
}
