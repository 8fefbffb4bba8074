package dev.tenx.workshop;

import dev.tenx.common.spi.Producer;
import dev.tenx.common.spi.RecordMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
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
 * and {@link #stop}.
 */
public final class LoadGenerator {

    private static final byte[] EMPTY_KEY = new byte[0];
    /** Fixed seed: every stage and every run sends the same bytes. */
    private static final long PAYLOAD_SEED = 42L;
    private static final int SIGNIFICANT_DIGITS = 3;

    /** What the measured window saw: acknowledgements inside it and their latencies in ns. */
    public record Window(long acknowledged, long nanos, Histogram latencyNanos) {
    }

    private final byte[] value;
    private final int windowRecords;
    private final List<Thread> threads = new ArrayList<>();
    private final Recorder latency = new Recorder(SIGNIFICANT_DIGITS);
    private final LongAdder acknowledged = new LongAdder();
    private final LongAdder measuredAcknowledged = new LongAdder();
    private final LongAccumulator maxOffset = new LongAccumulator(Math::max, -1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean running = true;
    private volatile boolean measuring;
    private long measureStartNanos;

    public LoadGenerator(int recordSize, int windowRecords) {
        this.value = payload(recordSize);
        this.windowRecords = windowRecords;
    }

    static byte[] payload(int size) {
        byte[] bytes = new byte[size];
        new SplittableRandom(PAYLOAD_SEED).nextBytes(bytes);
        return bytes;
    }

    /** Creates {@code producers} producers here, so that a connection failure throws now, then starts a thread each. */
    public void start(int producers, Supplier<Producer> newProducer) {
        List<Producer> created = new ArrayList<>();
        try {
            for (int i = 0; i < producers; i++) {
                created.add(newProducer.get());
            }
        } catch (RuntimeException e) {
            created.forEach(Producer::close);
            throw e;
        }
        for (Producer producer : created) {
            threads.add(new Thread(() -> produce(producer), "load-" + threads.size()));
        }
        threads.forEach(Thread::start);
    }

    private void produce(Producer producer) {
        Semaphore window = new Semaphore(windowRecords);
        try (producer) {
            while (running) {
                window.acquireUninterruptibly();
                long sentAtNanos = System.nanoTime();
                CompletableFuture<RecordMetadata> future;
                try {
                    future = producer.send(EMPTY_KEY, value);
                } catch (RuntimeException e) {
                    window.release();
                    fail(e);
                    break;
                }
                future.whenComplete((metadata, error) -> {
                    window.release();
                    onCompletion(sentAtNanos, metadata, error);
                });
            }
        } catch (RuntimeException e) {
            fail(e); // flush or close failed: records not known to be stored
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

    /** Stops sending, waits until every producer has flushed and closed, and rethrows the first failure. */
    public void stop() throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.join();
        }
        throwIfFailed();
    }

    /** Fails with the first send that failed: a run with lost records measures nothing honest. */
    public void throwIfFailed() {
        Throwable error = failure.get();
        if (error != null) {
            throw new IllegalStateException("a send failed, so the stage's figures are not valid: " + error, error);
        }
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
