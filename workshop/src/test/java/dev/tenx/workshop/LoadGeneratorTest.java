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
