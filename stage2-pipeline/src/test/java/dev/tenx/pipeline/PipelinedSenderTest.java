package dev.tenx.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenx.batching.RecordAccumulator;
import dev.tenx.common.config.ProducerConfig;
import dev.tenx.common.errors.BrokerException;
import dev.tenx.common.errors.DisconnectedException;
import dev.tenx.common.errors.TimeoutException;
import dev.tenx.common.spi.RecordMetadata;
import dev.tenx.common.testing.ManualClock;
import dev.tenx.common.wire.ErrorCode;
import dev.tenx.common.wire.LogRecord;
import dev.tenx.common.wire.ProduceRequest;
import dev.tenx.common.wire.ProduceResponse;
import dev.tenx.naive.ProduceHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The pipelining sender, driven step by step with a manual clock and scripted connections, no
 * sleeps: how many requests it keeps on the wire, that it completes batches in send order,
 * that a failure with others in flight neither reorders nor duplicates records (checked
 * against the broker's real sequence check over an in-memory log), and that a response that
 * never comes fails its records after request.timeout.ms.
 */
class PipelinedSenderTest {

    private static final int MAX_IN_FLIGHT = 3;
    private static final int REQUEST_TIMEOUT_MS = 1_000;
    private static final int RETRIES = 2;
    private static final long RETRY_BACKOFF_MS = 50;
    /** One record per batch: every append makes the batch before it ready, so batches are easy to count. */
    private static final int RECORDS_PER_BATCH = 1;
    private static final int RECORD_BYTES = 10;
    private static final long LINGER_MS = 0;
    private static final long FIRST_PRODUCER_ID = 100;

    private final ManualClock clock = new ManualClock(0);
    private final RecordAccumulator accumulator = new RecordAccumulator(RECORD_BYTES, RECORDS_PER_BATCH, LINGER_MS);
    private final List<ScriptedChannel> connections = new ArrayList<>();
    private final AtomicLong producerIds = new AtomicLong(FIRST_PRODUCER_ID);

    private PipelinedSender sender(ProduceHandler broker) {
        PipelinedProducerConfig config = new PipelinedProducerConfig(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS, "127.0.0.1:9",
                PipelinedProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, MAX_IN_FLIGHT,
                ProducerConfig.REQUEST_TIMEOUT_MS, REQUEST_TIMEOUT_MS,
                PipelinedProducerConfig.RETRIES, RETRIES,
                PipelinedProducerConfig.RETRY_BACKOFF_MS, RETRY_BACKOFF_MS));
        return new PipelinedSender(accumulator, () -> {
            ScriptedChannel channel = new ScriptedChannel(broker);
            connections.add(channel);
            return channel;
        }, clock, producerIds::getAndIncrement, config);
    }

    private PipelinedSender sender() {
        return sender(null);
    }

    private List<CompletableFuture<RecordMetadata>> send(int records) {
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            futures.add(accumulator.append(new LogRecord(new byte[0], new byte[] {(byte) i}, clock.millis()),
                    RECORD_BYTES, clock.millis()));
        }
        return futures;
    }

    private ScriptedChannel connection() {
        return connections.get(connections.size() - 1);
    }

    @Test
    void keepsUpToMaxInFlightRequestsOnTheWireAndSendsTheNextWhenOneIsAnswered() {
        PipelinedSender sender = sender();
        send(MAX_IN_FLIGHT + 2);

        sender.runOnce();
        assertThat(connection().sent).as("requests on the wire with %d allowed", MAX_IN_FLIGHT).hasSize(MAX_IN_FLIGHT);
        assertThat(sender.inFlightRequests()).isEqualTo(MAX_IN_FLIGHT);

        connection().answer(0, ProduceResponse.ok(0));
        sender.runOnce();
        assertThat(connection().sent).as("requests sent once the first was answered").hasSize(MAX_IN_FLIGHT + 1);
    }

    @Test
    void completesBatchesInSendOrderWhateverOrderTheirAnswersComeIn() {
        PipelinedSender sender = sender();
        List<CompletableFuture<RecordMetadata>> futures = send(2);
        sender.runOnce();

        connection().answer(1, ProduceResponse.ok(1));
        sender.runOnce();
        assertThat(futures.get(1)).as("the second batch, answered before the first").isNotDone();

        connection().answer(0, ProduceResponse.ok(0));
        sender.runOnce();
        assertThat(futures).allMatch(CompletableFuture::isDone);
        assertThat(futures.get(0).join().offset()).isEqualTo(0);
        assertThat(futures.get(1).join().offset()).isEqualTo(1);
    }

    @Test
    void numbersBatchesBySequenceOfTheirFirstRecord() {
        PipelinedSender sender = sender();
        send(MAX_IN_FLIGHT);
        sender.runOnce();

        assertThat(connection().sent).extracting(ProduceRequest::baseSequence).containsExactly(0, 1, 2);
        assertThat(connection().sent).extracting(ProduceRequest::producerId).containsOnly(FIRST_PRODUCER_ID);
    }

    /**
     * The connection drops after the broker stored the first batch but before its answer came:
     * all three batches go again, in order, on a new connection; the broker's sequence check
     * answers the first as a duplicate, so the log holds each record once, in send order.
     */
    @Test
    void orderHoldsAndNothingIsStoredTwiceWhenTheConnectionFailsWithRequestsInFlight() {
        InMemoryLog log = new InMemoryLog();
        PipelinedSender sender = sender(new IdempotentProduceHandler(log));
        List<CompletableFuture<RecordMetadata>> futures = send(MAX_IN_FLIGHT);
        sender.runOnce();
        ScriptedChannel first = connection();
        first.deliverToBroker(0); // stored, but the answer is lost with the connection

        first.drop();
        sender.runOnce();
        assertThat(futures).as("futures while the retry backs off").noneMatch(CompletableFuture::isDone);

        clock.advanceMs(RETRY_BACKOFF_MS);
        sender.runOnce();
        ScriptedChannel second = connection();
        assertThat(second).as("a new connection").isNotSameAs(first);
        assertThat(second.sent).extracting(ProduceRequest::baseSequence).as("resent in sequence order")
                .containsExactly(0, 1, 2);
        second.deliverAllToBroker();
        sender.runOnce();

        assertThat(futures).extracting(f -> f.join().offset()).containsExactly(0L, 1L, 2L);
        assertThat(log.values()).as("the log: every record once, in send order").containsExactly(0, 1, 2);
    }

    @Test
    void aResponseThatNeverComesFailsItsRecordsAfterRequestTimeoutAndTheBatchesBehindIt() {
        PipelinedSender sender = sender();
        List<CompletableFuture<RecordMetadata>> futures = send(2);
        sender.runOnce();

        clock.advanceMs(REQUEST_TIMEOUT_MS - 1);
        sender.runOnce();
        assertThat(futures).as("futures 1 ms before request.timeout.ms").noneMatch(CompletableFuture::isDone);

        clock.advanceMs(1);
        sender.runOnce();
        assertThat(failureOf(futures.get(0))).isInstanceOf(TimeoutException.class)
                .hasMessageContaining("request.timeout.ms=" + REQUEST_TIMEOUT_MS);
        assertThat(failureOf(futures.get(1))).isInstanceOf(DisconnectedException.class)
                .hasMessageContaining("an earlier batch of this producer");
        assertThat(connections.get(0).closed).as("the connection a late answer could arrive on, closed").isTrue();
    }

    @Test
    void afterABatchFailsForGoodLaterRecordsStartANewSequenceUnderANewProducerId() {
        PipelinedSender sender = sender();
        send(1);
        sender.runOnce();
        connection().answer(0, ProduceResponse.error(ErrorCode.STORAGE_ERROR, "disk full"));
        sender.runOnce();

        send(1);
        sender.runOnce();
        ProduceRequest next = connection().sent.get(0);
        assertThat(next.producerId()).isEqualTo(FIRST_PRODUCER_ID + 1);
        assertThat(next.baseSequence()).isZero();
    }

    @Test
    void anErrorAnswerFailsTheBatchWithTheBrokersCode() {
        PipelinedSender sender = sender();
        CompletableFuture<RecordMetadata> future = send(1).get(0);
        sender.runOnce();

        connection().answer(0, ProduceResponse.error(ErrorCode.STORAGE_ERROR, "disk full"));
        sender.runOnce();

        assertThat(failureOf(future)).isInstanceOf(BrokerException.class)
                .satisfies(e -> assertThat(((BrokerException) e).errorCode()).isEqualTo(ErrorCode.STORAGE_ERROR));
    }

    @Test
    void aBatchWhoseConnectionKeepsFailingFailsAfterItsRetries() {
        PipelinedSender sender = sender();
        CompletableFuture<RecordMetadata> future = send(1).get(0);
        sender.runOnce();
        for (int attempt = 0; attempt <= RETRIES; attempt++) {
            assertThat(future).as("after %d failed attempts", attempt).isNotDone();
            connection().drop();
            sender.runOnce();
            clock.advanceMs(RETRY_BACKOFF_MS);
            sender.runOnce();
        }
        assertThat(failureOf(future)).isInstanceOf(DisconnectedException.class);
        assertThat(connections).as("connections: the first and one per retry").hasSize(1 + RETRIES);
    }

    private static Throwable failureOf(CompletableFuture<?> future) {
        assertThat(future).isCompletedExceptionally();
        try {
            future.join();
            throw new AssertionError("not failed");
        } catch (CompletionException e) {
            return e.getCause();
        }
    }

    /** A log in memory behind the stage-0 produce path: what the broker would store, in order. */
    private static final class InMemoryLog implements ProduceHandler {
        private final List<LogRecord> records = new ArrayList<>();

        @Override
        public synchronized ProduceResponse produce(ProduceRequest request) {
            long baseOffset = records.size();
            records.addAll(request.records());
            return ProduceResponse.ok(baseOffset);
        }

        synchronized List<Integer> values() {
            return records.stream().map(r -> (int) r.value()[0]).toList();
        }
    }

    /**
     * A connection whose answers the test gives: by hand ({@link #answer}), or by handing
     * requests to a broker-side handler ({@link #deliverToBroker}). Used by one test thread.
     */
    private static final class ScriptedChannel implements PipelinedChannel {
        final List<ProduceRequest> sent = new ArrayList<>();
        final List<CompletableFuture<ProduceResponse>> responses = new ArrayList<>();
        final ProduceHandler broker;
        boolean closed;

        ScriptedChannel(ProduceHandler broker) {
            this.broker = broker;
        }

        @Override
        public CompletableFuture<ProduceResponse> send(ProduceRequest request) {
            CompletableFuture<ProduceResponse> response = new CompletableFuture<>();
            if (closed) {
                response.completeExceptionally(new DisconnectedException("closed"));
            }
            sent.add(request);
            responses.add(response);
            return response;
        }

        void answer(int request, ProduceResponse response) {
            responses.get(request).complete(response);
        }

        /** The broker stores request {@code request}; its answer is held back. */
        ProduceResponse deliverToBroker(int request) {
            return broker.produce(sent.get(request));
        }

        void deliverAllToBroker() {
            for (int i = 0; i < sent.size(); i++) {
                answer(i, deliverToBroker(i));
            }
        }

        /** The connection breaks: every request without an answer fails. */
        void drop() {
            close();
        }

        @Override
        public void close() {
            closed = true;
            responses.forEach(r -> r.completeExceptionally(new DisconnectedException("connection closed")));
        }
    }
}
