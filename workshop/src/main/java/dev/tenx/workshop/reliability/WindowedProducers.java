package dev.tenx.workshop.reliability;

import dev.tenx.common.config.HostPort;
import dev.tenx.common.config.ProducerConfig;
import dev.tenx.common.spi.Producer;
import dev.tenx.common.spi.RecordMetadata;
import dev.tenx.common.spi.Stage;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Several producers of one stage, each on a thread of its own keeping up to {@code window}
 * records outstanding (sent, not yet acknowledged: a stage whose {@code send} blocks keeps one),
 * until stopped or a send fails. Every record has a unique key naming its run, producer and
 * sequence, and a value of pseudo-random bytes of varying length; each is noted in the
 * {@link Ledger} before it is sent and its acknowledgement when it comes.
 *
 * <p>Thread-safe: {@link #start} and {@link #stopAndAwait} by the caller's thread; counters are
 * read from any thread.
 */
final class WindowedProducers {

    private static final int MAX_VALUE_BYTES = 300;

    private final Stage stage;
    private final InetSocketAddress broker;
    private final String run;
    private final int producers;
    private final int window;
    private final int requestTimeoutMs;
    private final Ledger ledger;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger completed = new AtomicInteger();
    private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
    private final AtomicReference<String> unexpected = new AtomicReference<>();
    private volatile boolean stop;

    WindowedProducers(Stage stage, InetSocketAddress broker, String run, int producers, int window,
                      int requestTimeoutMs, Ledger ledger) {
        this.stage = stage;
        this.broker = broker;
        this.run = run;
        this.producers = producers;
        this.window = window;
        this.requestTimeoutMs = requestTimeoutMs;
        this.ledger = ledger;
    }

    WindowedProducers start() {
        for (int p = 0; p < producers; p++) {
            int producerId = p;
            Thread t = new Thread(() -> produce(producerId), "reliability-producer-" + run + "-" + p);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        return this;
    }

    /** Records sent and not yet acknowledged or failed: how full the windows are right now. */
    int inFlight() {
        return sent.get() - completed.get();
    }

    Throwable firstFailure() {
        return firstFailure.get();
    }

    /** A producer that failed other than by a failed send (it could not connect, say), or null. */
    String unexpectedFailure() {
        return unexpected.get();
    }

    /**
     * Stops sending and waits until every producer has ended, each once its outstanding sends
     * have completed or failed. False if one was still running after {@code timeout}: a send that
     * neither completed nor failed, which is a hang.
     */
    boolean stopAndAwait(Duration timeout) throws InterruptedException {
        stop = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread t : threads) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (t.isAlive()) {
                return false;
            }
        }
        return true;
    }

    private void produce(int producerId) {
        Semaphore room = new Semaphore(window);
        Producer producer;
        try {
            producer = stage.newProducer(Map.of(ProducerConfig.BOOTSTRAP_SERVERS, HostPort.format(broker),
                    ProducerConfig.REQUEST_TIMEOUT_MS, requestTimeoutMs));
        } catch (RuntimeException e) {
            unexpected.compareAndSet(null, "producer " + producerId + " could not start: " + e);
            return;
        }
        try {
            for (int sequence = 0; !stop && firstFailure.get() == null; sequence++) {
                if (!room.tryAcquire(2L * requestTimeoutMs, TimeUnit.MILLISECONDS)) {
                    continue; // the window stayed full: look at stop and the failures again
                }
                send(producer, producerId, sequence, room);
            }
            if (!room.tryAcquire(window, 3L * requestTimeoutMs, TimeUnit.MILLISECONDS)) {
                unexpected.compareAndSet(null, "producer " + producerId + ": sends outstanding neither completed nor "
                        + "failed within " + 3 * requestTimeoutMs + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // a blocking send (stage 0) throws instead of returning a failed future
            firstFailure.compareAndSet(null, e);
        } finally {
            try {
                producer.close();
            } catch (RuntimeException brokerGone) {
                // closing a producer whose broker was killed may report it; nothing more to do
            }
        }
    }

    private void send(Producer producer, int producerId, int sequence, Semaphore room) {
        byte[] key = (run + "-p" + producerId + "-" + sequence).getBytes(StandardCharsets.UTF_8);
        SplittableRandom random = new SplittableRandom(((long) producerId << 32) ^ sequence ^ run.hashCode());
        byte[] value = new byte[1 + random.nextInt(MAX_VALUE_BYTES)];
        random.nextBytes(value);
        long startMs = System.currentTimeMillis();
        // the record is in the ledger before it can reach the log: the window of its timestamp widens after send
        Ledger.Sent provisional = new Ledger.Sent(key, value, startMs, Long.MAX_VALUE);
        ledger.sent(provisional);
        sent.incrementAndGet();
        CompletableFuture<RecordMetadata> ack;
        try {
            ack = producer.send(key, value);
        } catch (RuntimeException e) {
            completed.incrementAndGet();
            room.release();
            throw e;
        }
        Ledger.Sent record = new Ledger.Sent(key, value, startMs, System.currentTimeMillis());
        ledger.sent(record);
        ack.whenComplete((metadata, error) -> {
            if (error == null) {
                ledger.acknowledged(record, metadata.offset());
            } else {
                firstFailure.compareAndSet(null, error instanceof CompletionException ? error.getCause() : error);
            }
            completed.incrementAndGet();
            room.release();
        });
    }
}
