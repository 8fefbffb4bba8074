package dev.tenx.workshop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenx.common.spi.Producer;
import dev.tenx.common.spi.RecordMetadata;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The load generator against fake producers: no broker, no network. */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LoadGeneratorTest {

    private static final int RECORD_SIZE = 100;
    private static final Duration GENEROUS_STOP = Duration.ofSeconds(20);
    private static final Duration SHORT_STOP = Duration.ofMillis(500);

    @Test
    void sendsUntilStoppedThenClosesItsProducer() throws InterruptedException {
        CountingProducer producer = new CountingProducer(1_000);
        LoadGenerator load = new LoadGenerator(RECORD_SIZE, 1, GENEROUS_STOP);
        load.start(1, () -> producer);
        assertThat(producer.sent.await(GENEROUS_STOP.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        load.stop();

        assertThat(producer.closed).isTrue();
        assertThat(load.acknowledged()).isGreaterThanOrEqualTo(1_000);
        assertThat(load.logEnd()).isEqualTo(load.acknowledged());
    }

    @Test
    void aProducerThatCannotBeCreatedClosesTheOnesThatWere() {
        List<CountingProducer> created = new ArrayList<>();
        LoadGenerator load = new LoadGenerator(RECORD_SIZE, 1, GENEROUS_STOP);

        assertThatThrownBy(() -> load.start(3, () -> {
            if (created.size() == 2) {
                throw sneaky(new ConnectException("Connection refused"));
            }
            CountingProducer p = new CountingProducer(1);
            created.add(p);
            return p;
        }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("could not create producer 3 of 3: java.net.ConnectException: Connection refused")
                .hasCauseInstanceOf(ConnectException.class);
        assertThat(created).allMatch(p -> p.closed);
    }

    @Test
    void aLoadThreadThatDoesNotEndFailsStopNamingIt() {
        CountDownLatch release = new CountDownLatch(1);
        LoadGenerator load = new LoadGenerator(RECORD_SIZE, 1, SHORT_STOP);
        load.start(1, () -> new StuckOnCloseProducer(release));
        try {
            assertThatThrownBy(load::stop)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("load-0 did not end within PT0.5S of stop");
        } finally {
            release.countDown();
        }
    }

    @Test
    void anOpenLoopSendsWhatItsTimetableHoldsAndMeasuresTheRecordsDueInItsWindow() throws InterruptedException {
        CountingProducer first = new CountingProducer(1);
        CountingProducer second = new CountingProducer(1);
        List<CountingProducer> producers = List.of(first, second);
        LoadGenerator load = LoadGenerator.openLoop(RECORD_SIZE, 1_000, GENEROUS_STOP, 2_000, 100, 300);
        load.start(2, new ArrayList<>(producers).iterator()::next);

        sleepUntil(load.scheduledWindowEndNanos());
        load.awaitTimetable(GENEROUS_STOP);
        load.stop();

        LoadGenerator.Window window = load.scheduledWindow();
        assertThat(window.acknowledged()).as("2,000/s for the 300 ms window").isBetween(599L, 601L);
        assertThat(window.nanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(300));
        assertThat(load.acknowledged()).as("and for the 100 ms lead-in, nothing after").isBetween(799L, 801L);
        assertThat(first.nextOffset.get() - second.nextOffset.get()).as("the threads take turns").isBetween(-1L, 1L);
        assertThat(window.latencyNanos().getTotalCount()).isEqualTo(window.acknowledged());
    }

    /**
     * A send that stalls for 100 ms at 1,000 records a second holds up the ~100 records due
     * behind it: measured from when each was due, they all show the stall, less their place in
     * the queue. Measured from when each was sent, only the stalled one would.
     */
    @Test
    void anOpenLoopCountsAStallForEveryRecordItDelays() throws InterruptedException {
        long stallMs = 100;
        LoadGenerator load = LoadGenerator.openLoop(RECORD_SIZE, 1_000, GENEROUS_STOP, 1_000, 0, 500);
        load.start(1, () -> new StallingProducer(50, stallMs));

        sleepUntil(load.scheduledWindowEndNanos());
        load.awaitTimetable(GENEROUS_STOP);
        load.stop();

        org.HdrHistogram.Histogram latency = load.scheduledWindow().latencyNanos();
        long delayedByHalfTheStall = latency.getTotalCount()
                - latency.getCountBetweenValues(0, TimeUnit.MILLISECONDS.toNanos(stallMs / 2));
        assertThat(delayedByHalfTheStall).as("records due in the first half of the stall").isGreaterThanOrEqualTo(40);
        assertThat(latency.getMaxValue()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(stallMs));
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long leftNanos = nanoTime - System.nanoTime();
        if (leftNanos > 0) {
            TimeUnit.NANOSECONDS.sleep(leftNanos);
        }
    }

    /** Acknowledges at once, but its {@code stallAt}-th send blocks for {@code stallMs} first. */
    private static final class StallingProducer implements Producer {
        private final int stallAt;
        private final long stallMs;
        private int sends;

        StallingProducer(int stallAt, long stallMs) {
            this.stallAt = stallAt;
            this.stallMs = stallMs;
        }

        @Override
        public CompletableFuture<RecordMetadata> send(byte[] key, byte[] value) {
            if (++sends == stallAt) {
                try {
                    Thread.sleep(stallMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return CompletableFuture.completedFuture(new RecordMetadata(sends - 1));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Exception> RuntimeException sneaky(Exception e) throws E {
        throw (E) e;
    }

    /** Acknowledges every record at once, at the next offset; counts {@code sent} down on each send. */
    private static final class CountingProducer implements Producer {
        final CountDownLatch sent;
        final AtomicLong nextOffset = new AtomicLong();
        volatile boolean closed;

        CountingProducer(int sends) {
            this.sent = new CountDownLatch(sends);
        }

        @Override
        public CompletableFuture<RecordMetadata> send(byte[] key, byte[] value) {
            sent.countDown();
            return CompletableFuture.completedFuture(new RecordMetadata(nextOffset.getAndIncrement()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** Never acknowledges, and its close waits for {@code release}: a producer stuck in close. */
    private static final class StuckOnCloseProducer implements Producer {
        private final CountDownLatch release;

        StuckOnCloseProducer(CountDownLatch release) {
            this.release = release;
        }

        @Override
        public CompletableFuture<RecordMetadata> send(byte[] key, byte[] value) {
            return new CompletableFuture<>();
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
