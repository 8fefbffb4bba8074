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
 * A load generator: one thread per producer, each sending the same fixed random value when its
 * {@link Schedule} says, with at most a window of unacknowledged records: as fast as the
 * producer accepts them (closed loop, {@link #LoadGenerator(int, int, Duration)}, to measure
 * capacity), or on a fixed timetable ({@link #openLoop}, to measure latency at a given rate
 * without coordinated omission). Each acknowledged record's latency, from the moment it was due
 * to its future's completion, goes into an HdrHistogram when the schedule counts it.
 *
 * <p>Threads: each load thread owns its {@link Producer} (created by the thread that calls
 * {@link #start}, closed by the load thread when it stops). Completion callbacks run on whatever
 * thread completes the future (the load thread itself for a blocking stage, the producer's I/O
 * thread otherwise) and touch only thread-safe state: the window semaphore, adders, the
 * {@link Recorder}. The controlling thread calls {@link #beginMeasurement} and
 * {@link #endMeasurement} (closed loop), {@link #scheduledWindow} (open loop) and {@link #stop}. Load threads are daemons and {@link #stop} waits for them only so long, so
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
    private final Schedule schedule;
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
        this(recordSize, windowRecords, stopTimeout, new Schedule.ClosedLoop());
    }

    private LoadGenerator(int recordSize, int windowRecords, Duration stopTimeout, Schedule schedule) {
        this.value = payload(recordSize);
        this.windowRecords = windowRecords;
        this.stopTimeout = stopTimeout;
        this.schedule = schedule;
    }

    /**
     * Sends {@code recordsPerSecond} in all on a fixed timetable from {@link #start}; measures
     * the records due in the {@code windowMs} after {@code leadInMs}, and sends none after.
     */
    public static LoadGenerator openLoop(int recordSize, int windowRecords, Duration stopTimeout,
                                         double recordsPerSecond, long leadInMs, long windowMs) {
        return new LoadGenerator(recordSize, windowRecords, stopTimeout,
                new Schedule.OpenLoop(recordsPerSecond, leadInMs, windowMs));
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
            int index = threads.size();
            Thread thread = new Thread(() -> produce(index, producer), "load-" + index);
            thread.setDaemon(true);
            threads.add(thread);
        }
        schedule.begin(System.nanoTime(), created.size());
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

    private void produce(int index, Producer producer) {
        Semaphore window = new Semaphore(windowRecords);
        try (producer) {
            while (running) {
                if (!awaitWindow(window)) {
                    continue;
                }
                long dueNanos = schedule.next(index, () -> running);
                if (dueNanos == Schedule.DONE) {
                    window.release();
                    break;
                }
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
                    onCompletion(dueNanos, metadata, error);
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

    private void onCompletion(long dueNanos, RecordMetadata metadata, Throwable error) {
        if (error != null) {
            fail(error);
            return;
        }
        // From when the record was due (closed loop: the send call) to its future's completion:
        // what a caller of send() waits for an acknowledgement, plus, open loop, any wait to send.
        long latencyNanos = System.nanoTime() - dueNanos;
        acknowledged.increment();
        maxOffset.accumulate(metadata.offset());
        if (schedule.counts(dueNanos, measuring)) {
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

    /** Open loop: when the measured part of the timetable ends; nothing is due after it. */
    public long scheduledWindowEndNanos() {
        return openLoop().windowEndNanos();
    }

    /**
     * Open loop: waits, at most {@code grace}, for every load thread to have sent the last record
     * its timetable holds and to have flushed and closed its producer. A thread behind the
     * timetable is still sending records due in the measured window: cut off now, they would be
     * missing from it. {@link #stop} follows either way.
     */
    public void awaitTimetable(Duration grace) throws InterruptedException {
        openLoop();
        long deadline = System.nanoTime() + grace.toNanos();
        for (Thread thread : threads) {
            long leftNanos = deadline - System.nanoTime();
            if (leftNanos > 0) {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(leftNanos))); // join(0) waits for ever
            }
        }
    }

    /**
     * Open loop, after {@link #stop}: the records due in the measured window that were
     * acknowledged, over the window's length, and their latencies. A record due in the window
     * but never sent (the threads fell behind the timetable and were stopped) is not in it.
     */
    public Window scheduledWindow() {
        return new Window(measuredAcknowledged.sum(), openLoop().windowNanos(), latency.getIntervalHistogram());
    }

    private Schedule.OpenLoop openLoop() {
        if (schedule instanceof Schedule.OpenLoop open) {
            return open;
        }
        throw new IllegalStateException("a closed loop has no timetable; use beginMeasurement and endMeasurement");
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
