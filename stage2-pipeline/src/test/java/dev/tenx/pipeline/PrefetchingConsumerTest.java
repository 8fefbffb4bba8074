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
import dev.tenx.common.spi.ConsumedRecord;
import dev.tenx.common.wire.ApiKey;
import dev.tenx.common.wire.BlockingClient;
import dev.tenx.common.wire.ErrorCode;
import dev.tenx.common.wire.FetchRequest;
import dev.tenx.common.wire.FetchResponse;
import dev.tenx.common.wire.Frames;
import dev.tenx.common.wire.JsonCodec;
import dev.tenx.common.wire.LogRecord;
import dev.tenx.common.wire.MessageCodec;
import dev.tenx.common.wire.ProduceRequest;
import dev.tenx.common.wire.ProduceResponse;
import dev.tenx.common.spi.Broker;
import dev.tenx.naive.NaiveNetty;
import dev.tenx.naive.NaiveStage;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The prefetching consumer against stage 0's broker (order, seek, errors, timeouts) and against
 * scripted brokers that answer exactly as a test needs (the prefetch on the wire before the next
 * poll, a stale empty prefetch dropped). No sleep: waits are for events, with a bound.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PrefetchingConsumerTest {

    private static final MessageCodec CODEC = JsonCodec.INSTANCE;
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int MAX_POLL_RECORDS = 10;
    private static final int SHORT_REQUEST_TIMEOUT_MS = 200;

    @TempDir
    Path logDir;

    private Broker broker;
    private BlockingClient producer;

    @BeforeEach
    void startBroker() throws IOException {
        broker = new NaiveStage().startBroker(Map.of(BrokerConfig.LOG_DIR, logDir.toString()));
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

    /**
     * A scripted broker holds back its answer to the second fetch until the test has seen it
     * arrive: it can arrive only if the first poll sent it, before the second poll was called.
     */
    @Test
    void theNextFetchIsOnTheWireBeforeTheNextPoll() throws Exception {
        CountDownLatch prefetchArrived = new CountDownLatch(1);
        List<Long> fetchedOffsets = new CopyOnWriteArrayList<>();
        try (ScriptedServer server = new ScriptedServer((in, out) -> {
            answerFetch(in, out, fetchedOffsets, records(0, MAX_POLL_RECORDS), MAX_POLL_RECORDS);
            ScriptedServer.RequestFrame prefetch = ScriptedServer.readFrame(in);
            fetchedOffsets.add(prefetch.decode(CODEC, FetchRequest.class).offset());
            prefetchArrived.countDown();
            answer(out, prefetch, FetchResponse.ok(MAX_POLL_RECORDS, 2L * MAX_POLL_RECORDS,
                    records(MAX_POLL_RECORDS, MAX_POLL_RECORDS)));
            in.read(); // until the client closes
        }); PrefetchingConsumer consumer = consumer(server.address(), Map.of())) {

            assertThat(consumer.poll()).as("poll #1").hasSize(MAX_POLL_RECORDS);

            assertThat(prefetchArrived.await(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .as("a second fetch reached the broker before poll #2 was called").isTrue();
            assertThat(fetchedOffsets).as("offsets fetched before poll #2").containsExactly(0L, (long) MAX_POLL_RECORDS);
            assertThat(consumer.poll()).extracting(ConsumedRecord::offset).as("poll #2, answered by the prefetch")
                    .startsWith((long) MAX_POLL_RECORDS).hasSize(MAX_POLL_RECORDS);
        }
    }

    /**
     * The prefetch comes back empty ("end of the log", as of when it was read); by the next poll
     * the log has grown. The scripted broker answers the first fetch with records, the prefetch
     * with an empty answer and any fetch after it with the new records: the poll must drop the
     * stale empty answer and fetch again, so it returns the records, not nothing.
     */
    @Test
    void aPrefetchedEmptyAnswerIsDroppedAndFetchedAgainSoThePollReturnsTheRecordsAppendedSince() throws Exception {
        int first = 5;
        int appendedSince = 2;
        List<Long> fetchedOffsets = new CopyOnWriteArrayList<>();
        try (ScriptedServer server = new ScriptedServer((in, out) -> {
            answerFetch(in, out, fetchedOffsets, records(0, first), first);
            answerFetch(in, out, fetchedOffsets, List.of(), first); // the prefetch: end of the log, then
            answerFetch(in, out, fetchedOffsets, records(first, appendedSince), first + appendedSince);
            ScriptedServer.RequestFrame next = ScriptedServer.readFrame(in); // the prefetch after those records
            fetchedOffsets.add(next.decode(CODEC, FetchRequest.class).offset());
        }); PrefetchingConsumer consumer = consumer(server.address(), Map.of())) {

            assertThat(consumer.poll()).extracting(ConsumedRecord::offset).as("poll #1")
                    .containsExactly(0L, 1L, 2L, 3L, 4L);
            List<ConsumedRecord> second = consumer.poll();

            assertThat(second).extracting(ConsumedRecord::offset)
                    .as("poll #2: the records appended since, not the stale empty prefetch").containsExactly(5L, 6L);
            assertThat(second.get(0).record()).as("poll #2's first record").isEqualTo(record(first));
            server.scriptEnded().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(fetchedOffsets).as("fetches the broker received: poll #1's, the prefetch (answered empty), "
                            + "poll #2's fetch again of the same offset, and the prefetch after its records")
                    .containsExactly(0L, (long) first, (long) first, (long) first + appendedSince);
        }
    }

    @Test
    void aPollAfterAnEmptyOneSeesTheRecordsAppendedInBetween() throws Exception {
        append(0, MAX_POLL_RECORDS);
        try (PrefetchingConsumer consumer = consumer(broker.address(), Map.of())) {
            assertThat(consumer.poll()).as("poll #1").hasSize(MAX_POLL_RECORDS);
            assertThat(consumer.poll()).as("poll #2, at the end of the log").isEmpty();

            append(MAX_POLL_RECORDS, 5);

            assertThat(consumer.poll()).extracting(ConsumedRecord::offset).as("poll #3, after the append")
                    .containsExactly(10L, 11L, 12L, 13L, 14L);
            assertThat(consumer.poll()).as("poll #4, at the end of the log again").isEmpty();
            append(15, 1);
            assertThat(consumer.poll()).extracting(ConsumedRecord::offset).as("poll #5, after another append")
                    .containsExactly(15L);
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

    /**
     * Every answer the consumer reads ends once: polled, or given back when a seek or close
     * abandons it (the binary stage's answers hold the frame's bytes until then).
     */
    @Test
    void everyAnswerIsPolledOrGivenBackExactlyOnceWhateverASeekOrACloseAbandons() throws IOException {
        append(0, 100);
        List<CountingAnswer> answers = new CopyOnWriteArrayList<>();
        PipelinedConnection.ResponseReader<FetchedRecords> decoded = FetchedRecords.decodedBy(CODEC);
        try (PrefetchingConsumer consumer = new PrefetchingConsumer(config(broker.address(), Map.of()), CODEC,
                NaiveNetty.TRANSPORT, body -> {
                    CountingAnswer answer = new CountingAnswer(decoded.read(body));
                    answers.add(answer);
                    return answer;
                })) {
            consumer.poll();
            consumer.seek(50); // abandons the prefetch of offset 10
            consumer.poll();
        } // abandons the prefetch of offset 60

        assertThat(answers).as("answers read: two polled, one abandoned by the seek, maybe one by the close")
                .hasSizeBetween(3, 4);
        assertThat(answers).extracting(answer -> answer.polled).as("which were polled").startsWith(true, false, true);
        assertThat(answers).allSatisfy(answer -> assertThat(answer.ends).as("records() or release() calls").isOne());
    }

    private PrefetchingConsumer consumer(InetSocketAddress address, Map<String, Object> extra) {
        return new PrefetchingConsumer(config(address, extra), CODEC);
    }

    private static BatchingConsumerConfig config(InetSocketAddress address, Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS, HostPort.format(address),
                BatchingConsumerConfig.MAX_POLL_RECORDS, MAX_POLL_RECORDS));
        props.putAll(extra);
        return new BatchingConsumerConfig(props);
    }

    /** An answer that counts how it ended. Thread-safe enough: each field is written by one thread, then read after a join. */
    private static final class CountingAnswer implements FetchedRecords {
        private final FetchedRecords delegate;
        volatile int ends;
        volatile boolean polled;

        CountingAnswer(FetchedRecords delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean hasRecords() {
            return delegate.hasRecords();
        }

        @Override
        public int count() {
            return delegate.count();
        }

        @Override
        public long baseOffset() {
            return delegate.baseOffset();
        }

        @Override
        public List<ConsumedRecord> records(long position) {
            ends++;
            polled = true;
            return delegate.records(position);
        }

        @Override
        public void release() {
            ends++;
            delegate.release();
        }
    }

    private static List<ConsumedRecord> readToEnd(PrefetchingConsumer consumer) {
        List<ConsumedRecord> read = new ArrayList<>();
        for (List<ConsumedRecord> polled = consumer.poll(); !polled.isEmpty(); polled = consumer.poll()) {
            read.addAll(polled);
        }
        return read;
    }

    private void append(int first, int count) throws IOException {
        ProduceResponse response = producer.call(ApiKey.PRODUCE, ProduceRequest.of(records(first, count)),
                ProduceResponse.class);
        assertThat(response).as("the append of records %d..%d", first, first + count - 1)
                .isEqualTo(ProduceResponse.ok(first));
    }

    private static LogRecord record(int index) {
        return new LogRecord(("key-" + index).getBytes(StandardCharsets.UTF_8),
                ("value-" + index).getBytes(StandardCharsets.UTF_8), index);
    }

    private static List<LogRecord> records(int first, int count) {
        List<LogRecord> records = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            records.add(record(i));
        }
        return records;
    }

    /**
     * The scripted broker's side of one fetch: reads it, notes its offset and answers with
     * {@code records} from that offset, the log ending at {@code logEndOffset}.
     */
    private static void answerFetch(DataInputStream in, OutputStream out, List<Long> fetchedOffsets,
                                    List<LogRecord> records, long logEndOffset) throws IOException {
        ScriptedServer.RequestFrame fetch = ScriptedServer.readFrame(in);
        long offset = fetch.decode(CODEC, FetchRequest.class).offset();
        fetchedOffsets.add(offset);
        answer(out, fetch, FetchResponse.ok(offset, logEndOffset, records));
    }

    private static void answer(OutputStream out, ScriptedServer.RequestFrame request, FetchResponse response)
            throws IOException {
        out.write(Frames.toArray(CODEC, ApiKey.FETCH, request.correlationId(), response));
        out.flush();
    }
}
