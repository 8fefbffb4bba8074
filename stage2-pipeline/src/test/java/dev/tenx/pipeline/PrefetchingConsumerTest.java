package dev.tenx.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenx.batching.BatchingConsumerConfig;
import dev.tenx.common.config.BrokerConfig;
import dev.tenx.common.config.ConsumerConfig;
import dev.tenx.common.config.HostPort;
import dev.tenx.common.errors.BrokerException;
import dev.tenx.common.errors.DisconnectedException;
import dev.tenx.common.errors.TimeoutException;
import dev.tenx.common.metrics.BrokerCounters;
import dev.tenx.common.spi.ConsumedRecord;
import dev.tenx.common.wire.ApiKey;
import dev.tenx.common.wire.BlockingClient;
import dev.tenx.common.wire.ErrorCode;
import dev.tenx.common.wire.JsonCodec;
import dev.tenx.common.wire.LogRecord;
import dev.tenx.common.wire.MessageCodec;
import dev.tenx.common.wire.ProduceRequest;
import dev.tenx.common.wire.ProduceResponse;
import dev.tenx.naive.NaiveBroker;
import dev.tenx.naive.PageStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The prefetching consumer against stage 0's broker: order, freshness, seek, errors and timeouts. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PrefetchingConsumerTest {

    private static final MessageCodec CODEC = JsonCodec.INSTANCE;
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int MAX_POLL_RECORDS = 10;
    private static final int SHORT_REQUEST_TIMEOUT_MS = 200;

    @TempDir
    Path logDir;

    private NaiveBroker broker;
    private BlockingClient producer;

    @BeforeEach
    void startBroker() throws IOException {
        broker = NaiveBroker.start(new BrokerConfig(Map.of(BrokerConfig.LOG_DIR, logDir.toString())), PageStore::open,
                CODEC);
        producer = new BlockingClient(broker.address(), CODEC.encoding(), WAIT);
    }

    @AfterEach
    void stopBroker() throws IOException {
        producer.close();
        broker.close();
    }

    @Test
    void readsTheWholeLogInOrder() throws IOException {
        int records = 95;
        append(0, records);

        try (PrefetchingConsumer consumer = consumer(broker.address(), Map.of())) {
            List<ConsumedRecord> read = readToEnd(consumer);

            assertThat(read).hasSize(records);
            for (int i = 0; i < records; i++) {
                assertThat(read.get(i).offset()).isEqualTo(i);
                assertThat(read.get(i).record()).isEqualTo(record(i));
            }
            assertThat(consumer.position()).isEqualTo(records);
        }
    }

    @Test
    void theNextFetchIsOnTheWireBeforeTheNextPoll() throws Exception {
        append(0, 3 * MAX_POLL_RECORDS);
        try (PrefetchingConsumer consumer = consumer(broker.address(), Map.of())) {
            long requestsBefore = requests();

            consumer.poll();

            awaitRequests(requestsBefore + 2); // the poll's own fetch, and the next one, not yet asked for
            assertThat(consumer.poll()).extracting(ConsumedRecord::offset).startsWith((long) MAX_POLL_RECORDS);
        }
    }

    @Test
    void recordsAppendedAtTheEndAreSeenByTheNextPollNotAStaleEmptyAnswer() throws Exception {
        append(0, MAX_POLL_RECORDS);
        try (PrefetchingConsumer consumer = consumer(broker.address(), Map.of())) {
            long requestsBefore = requests();
            assertThat(consumer.poll()).hasSize(MAX_POLL_RECORDS);
            // the prefetch at the end of the log is counted, so read (empty) before the append below, which waits for fsyncs
            awaitRequests(requestsBefore + 2);

            append(MAX_POLL_RECORDS, 5);

            assertThat(consumer.poll()).extracting(ConsumedRecord::offset)
                    .containsExactly(10L, 11L, 12L, 13L, 14L);
            assertThat(consumer.poll()).isEmpty();
            append(15, 1);
            assertThat(consumer.poll()).extracting(ConsumedRecord::offset).containsExactly(15L);
        }
    }

    @Test
    void seekToAnotherPositionAbandonsThePrefetch() throws IOException {
        append(0, 100);
        try (PrefetchingConsumer consumer = consumer(broker.address(), Map.of())) {
            assertThat(consumer.poll()).extracting(ConsumedRecord::offset).startsWith(0L);

            consumer.seek(50);
            List<ConsumedRecord> afterSeek = consumer.poll();
            consumer.seek(MAX_POLL_RECORDS);
            List<ConsumedRecord> backAgain = consumer.poll();

            assertThat(afterSeek).extracting(ConsumedRecord::offset).startsWith(50L).hasSize(MAX_POLL_RECORDS);
            assertThat(afterSeek.get(0).record()).isEqualTo(record(50));
            assertThat(backAgain).extracting(ConsumedRecord::offset).startsWith(10L).hasSize(MAX_POLL_RECORDS);
            assertThat(consumer.position()).isEqualTo(2L * MAX_POLL_RECORDS);
        }
    }

    @Test
    void anErrorAnswerIsABrokerExceptionAndLeavesThePositionWhereItWas() throws IOException {
        append(0, 5);
        try (PrefetchingConsumer consumer = consumer(broker.address(), Map.of())) {
            consumer.seek(1_000);

            assertThatThrownBy(consumer::poll).isInstanceOfSatisfying(BrokerException.class,
                    e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.OFFSET_OUT_OF_RANGE));
            assertThat(consumer.position()).isEqualTo(1_000);

            consumer.seek(0);
            assertThat(consumer.poll()).hasSize(5);
        }
    }

    @Test
    void aBrokerThatNeverAnswersIsATimeoutAfterRequestTimeoutMs() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // the kernel accepts the connection into the backlog; nobody ever reads or answers
            InetSocketAddress address = (InetSocketAddress) silent.getLocalSocketAddress();
            try (PrefetchingConsumer consumer = consumer(address,
                    Map.of(ConsumerConfig.REQUEST_TIMEOUT_MS, SHORT_REQUEST_TIMEOUT_MS))) {
                long startNanos = System.nanoTime();

                assertThatThrownBy(consumer::poll).isInstanceOf(TimeoutException.class)
                        .hasMessageContaining("request.timeout.ms=" + SHORT_REQUEST_TIMEOUT_MS);

                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos))
                        .isGreaterThanOrEqualTo(SHORT_REQUEST_TIMEOUT_MS);
                assertThatThrownBy(consumer::poll).isInstanceOf(DisconnectedException.class);
            }
        }
    }

    private PrefetchingConsumer consumer(InetSocketAddress address, Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS, HostPort.format(address),
                BatchingConsumerConfig.MAX_POLL_RECORDS, MAX_POLL_RECORDS));
        props.putAll(extra);
        return new PrefetchingConsumer(new BatchingConsumerConfig(props), CODEC);
    }

    private static List<ConsumedRecord> readToEnd(PrefetchingConsumer consumer) {
        List<ConsumedRecord> read = new ArrayList<>();
        for (List<ConsumedRecord> polled = consumer.poll(); !polled.isEmpty(); polled = consumer.poll()) {
            read.addAll(polled);
        }
        return read;
    }

    private void append(int first, int count) throws IOException {
        List<LogRecord> records = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            records.add(record(i));
        }
        ProduceResponse response = producer.call(ApiKey.PRODUCE, ProduceRequest.of(records), ProduceResponse.class);
        assertThat(response).isEqualTo(ProduceResponse.ok(first));
    }

    private static LogRecord record(int index) {
        return new LogRecord(("key-" + index).getBytes(StandardCharsets.UTF_8),
                ("value-" + index).getBytes(StandardCharsets.UTF_8), index);
    }

    private long requests() {
        return broker.counters().get(BrokerCounters.REQUESTS);
    }

    /** Waits until the broker has counted {@code expected} requests; it counts a request just before handling it. */
    private void awaitRequests(long expected) throws InterruptedException {
        long deadlineNanos = System.nanoTime() + WAIT.toNanos();
        while (requests() < expected && System.nanoTime() < deadlineNanos) {
            Thread.sleep(1);
        }
        assertThat(requests()).isGreaterThanOrEqualTo(expected);
    }
}
