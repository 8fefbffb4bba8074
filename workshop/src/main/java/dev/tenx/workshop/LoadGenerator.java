package dev.tenx.workshop;

import dev.tenx.common.spi.Producer;
import dev.tenx.common.spi.RecordMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A closed-loop load generator: one thread per producer, each sending the same fixed random
 * value as fast as the producer accepts it, with at most a window of unacknowledged records.
 * There is no target rate, so latencies are those of a saturated system and coordinated
 * omission is not corrected: a stall delays the next sends instead of showing up as the latency
 * they would have had.
 *
 * <p>Threads: each load thread owns its {@link Producer} (created by the thread that calls
 * {@link #start}, closed by the load thread when it stops). Completion callbacks run on whatever
 * thread completes the future (the load thread itself for a blocking stage, the producer's I/O
 * thread otherwise) and touch only thread-safe state: the window semaphore, adders, the
 * {@link Recorder}. The controlling thread calls {@link #beginMeasurement}, {@link #endMeasurement}
 * and {@link #stop}. Load threads are daemons and {@link #stop} waits for them only so long, so
 * that a producer stuck in {@code flush} or {@code close} fails the run instead of hanging it.
 */
public final class LoadGenerator {

    private static final byte[] EMPTY_KEY = new byte[0];
    /** Fixed seed: every stage and every run sends the same bytes. */
    private static final long PAYLOAD_SEED = 42L;
    /** How often a load thread whose window is full looks whether it should stop. */
    private static final long WINDOW_WAIT_MS = 100;
    /** Stack frames of a stuck load thread shown in the failure. */
    private static final int STUCK_FRAMES_SHOWN = 12;

    /** What the measured window saw: acknowledgements inside it and their latencies in ns. */
    public record Window(long acknowledged, long nanos, Histogram latencyNanos) {
    }

    private final byte[] value;
    private final int windowRecords;
    private final Duration stopTimeout;
    private final List<Thread> threads = new ArrayList<>();
    private List<Producer> producers = List.of();
    private final Recorder latency = Histograms.newRecorder();
    private final LongAdder acknowledged = new LongAdder();
    private final LongAdder measuredAcknowledged = new LongAdder();
    private final LongAccumulator maxOffset = new LongAccumulator(Math::max, -1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean running = true;
    private volatile boolean measuring;
    private long measureStartNanos;

    /**
     * @param stopTimeout how long {@link #stop} waits for each load thread to flush and close its
     *                    producer; more than the producer's request timeout, after which every
     *                    record in flight has either been acknowledged or failed
     */
    public LoadGenerator(int recordSize, int windowRecords, Duration stopTimeout) {
        this.value = payload(recordSize);
        this.windowRecords = windowRecords;
        this.stopTimeout = stopTimeout;
    }

    static byte[] payload(int size) {
        byte[] bytes = new byte[size];
        new SplittableRandom(PAYLOAD_SEED).nextBytes(bytes);
        return bytes;
    }

    /** Creates {@code producers} producers here, so that a connection failure throws now, then starts a thread each. */
    public void start(int producers, Supplier<Producer> newProducer) {
        List<Producer> created = create(producers, newProducer);
        this.producers = List.copyOf(created);
        for (Producer producer : created) {
            Thread thread = new Thread(() -> produce(producer), "load-" + threads.size());
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
    }

    /**
     * Creates them all or none: on a failure, closes those already created and throws. Catches
     * {@code Exception}, not only {@code RuntimeException}: Netty throws checked exceptions
     * (a refused connection is a {@code ConnectException}) without declaring them.
     */
    private static List<Producer> create(int producers, Supplier<Producer> newProducer) {
        List<Producer> created = new ArrayList<>();
        try {
            for (int i = 0; i < producers; i++) {
                created.add(newProducer.get());
            }
            return created;
        } catch (Exception e) {
            IllegalStateException failure = new IllegalStateException(
                    "could not create producer " + (created.size() + 1) + " of " + producers + ": " + e, e);
            closeAll(created, failure);
            throw failure;
        }
    }

    private static void closeAll(List<Producer> producers, Throwable failure) {
        for (Producer producer : producers) {
            try {
                producer.close();
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }
    }

    private void produce(Producer producer) {
        Semaphore window = new Semaphore(windowRecords);
        try (producer) {
            while (running) {
                if (!awaitWindow(window)) {
                    continue;
                }
                long sentAtNanos = System.nanoTime();
                CompletableFuture<RecordMetadata> future;
                try {
                    future = producer.send(EMPTY_KEY, value);
                } catch (Exception e) { // Netty's checked exceptions arrive undeclared
                    window.release();
                    fail(e);
                    break;
                }
                future.whenComplete((metadata, error) -> {
                    window.release();
                    onCompletion(sentAtNanos, metadata, error);
                });
            }
        } catch (Exception e) {
            fail(e); // flush or close failed: records not known to be stored
        }
    }

    /** True when a window slot was taken; false after a short wait, so that the caller looks at {@code running} again. */
    private boolean awaitWindow(Semaphore window) {
        try {
            return window.tryAcquire(WINDOW_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(e);
            return false;
        }
    }

    private void onCompletion(long sentAtNanos, RecordMetadata metadata, Throwable error) {
        if (error != null) {
            fail(error);
            return;
        }
        // Send call to future completion: what a caller of send() waits for an acknowledgement.
        long latencyNanos = System.nanoTime() - sentAtNanos;
        acknowledged.increment();
        maxOffset.accumulate(metadata.offset());
        if (measuring) {
            measuredAcknowledged.increment();
            latency.recordValue(latencyNanos);
        }
    }

    private void fail(Throwable error) {
        failure.compareAndSet(null, error);
        running = false;
    }

    public void beginMeasurement() {
        latency.reset();
        measuredAcknowledged.reset();
        measureStartNanos = System.nanoTime();
        measuring = true;
    }

    public Window endMeasurement() {
        measuring = false;
        long nanos = System.nanoTime() - measureStartNanos;
        return new Window(measuredAcknowledged.sum(), nanos, latency.getIntervalHistogram());
    }

    /**
     * Stops sending, waits until every producer has flushed and closed, and rethrows the first
     * failure. A load thread still alive after {@code stopTimeout} is interrupted and fails the
     * run, naming the thread and where it is stuck.
     */
    public void stop() throws InterruptedException {
        running = false;
        long deadline = System.nanoTime() + stopTimeout.toNanos();
        for (Thread thread : threads) {
            long leftNanos = deadline - System.nanoTime();
            if (leftNanos > 0) {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(leftNanos))); // join(0) waits for ever
            }
            if (thread.isAlive()) {
                throw stuck(thread);
            }
        }
        throwIfFailed();
    }

    private IllegalStateException stuck(Thread thread) {
        StackTraceElement[] frames = thread.getStackTrace();
        thread.interrupt();
        IllegalStateException e = new IllegalStateException(thread.getName() + " did not end within " + stopTimeout
                + " of stop: its producer's send, flush or close is stuck; the stage's figures are not valid."
                + " Where it was:\n\tat " + Arrays.stream(frames).limit(STUCK_FRAMES_SHOWN)
                .map(StackTraceElement::toString).collect(Collectors.joining("\n\tat ")));
        Throwable failure = this.failure.get();
        if (failure != null) {
            e.addSuppressed(failure);
        }
        return e;
    }

    /** Fails with the first send that failed: a run with lost records measures nothing honest. */
    public void throwIfFailed() {
        Throwable error = failure.get();
        if (error != null) {
            throw new IllegalStateException("a send failed, so the stage's figures are not valid: " + error, error);
        }
    }

    /**
     * The producers {@link #start} created, for their gauges ({@link ProducerGaugeSampler}); they
     * are the load threads' to send on and close, anyone's to read metrics from.
     */
    public List<Producer> producers() {
        return producers;
    }

    /** Acknowledged records so far, all phases: what the progress line shows. */
    public long acknowledged() {
        return acknowledged.sum();
    }

    /** One past the highest acknowledged offset: where the replay stops. */
    public long logEnd() {
        return maxOffset.get() + 1;
    }
}
