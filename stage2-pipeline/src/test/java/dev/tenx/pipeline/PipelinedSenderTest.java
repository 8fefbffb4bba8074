package dev.tenx.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenx.batching.LogRecordList;
import dev.tenx.batching.RecordAccumulator;
import dev.tenx.common.config.ProducerConfig;
import dev.tenx.common.errors.BrokerException;
import dev.tenx.common.errors.DisconnectedException;
import dev.tenx.common.errors.TimeoutException;
import dev.tenx.common.spi.RecordMetadata;
import dev.tenx.common.testing.ManualClock;
import dev.tenx.common.wire.ErrorCode;
import dev.tenx.common.wire.JsonCodec;
import dev.tenx.common.wire.ProduceRequest;
import dev.tenx.common.wire.ProduceResponse;
import dev.tenx.common.broker.ProduceHandler;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The pipelining sender, driven step by step with a manual clock and scripted connections, no
 * sleeps: how many requests it keeps on the wire, that it completes batches in send order, that
 * a failure with others in flight neither reorders nor duplicates records (checked against the
 * broker's real sequence check over an in-memory log), that a request without an answer within
 * {@code request.timeout.ms} is sent again on a new connection and fails only after its retries,
 * that a failed reconnect is an attempt, that a batch failing for good takes the batches behind
 * it along (and, once the producer closes, those still in the accumulator too) and moves the
 * producer to a new id.
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
    private final RecordAccumulator accumulator = new RecordAccumulator(RECORD_BYTES, RECORDS_PER_BATCH, LINGER_MS,
            LogRecordList.encodedAtSendBy(JsonCodec.INSTANCE));
    private final List<ScriptedChannel> connections = new ArrayList<>();
    private final AtomicLong producerIds = new AtomicLong(FIRST_PRODUCER_ID);
    /** Calls to the connector, failed ones included. */
    private int connectAttempts;
    /** How many of the next connects fail with a DisconnectedException. */
    private int connectsToFail;
    /** The value of the next record sent: every record of a test is told apart by it. */
    private int nextValue;

    private PipelinedSender sender(ProduceHandler broker) {
        return sender(broker, PipelinedSender.NO_DELIVERY_TIMEOUT);
    }

    private PipelinedSender sender(ProduceHandler broker, long deliveryTimeoutMs) {
        PipelinedProducerConfig config = new PipelinedProducerConfig(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS, "127.0.0.1:9",
                PipelinedProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, MAX_IN_FLIGHT,
                ProducerConfig.REQUEST_TIMEOUT_MS, REQUEST_TIMEOUT_MS,
                PipelinedProducerConfig.RETRIES, RETRIES,
                PipelinedProducerConfig.RETRY_BACKOFF_MS, RETRY_BACKOFF_MS));
        return new PipelinedSender(accumulator, () -> {
            connectAttempts++;
            if (connectsToFail > 0) {
                connectsToFail--;
                throw new DisconnectedException("cannot connect to 127.0.0.1:9: connection refused (scripted)");
            }
            ScriptedChannel channel = new ScriptedChannel(broker);
            connections.add(channel);
            return channel;
        }, clock, producerIds::getAndIncrement, config, deliveryTimeoutMs);
    }

    private PipelinedSender sender() {
        return sender(null);
    }

    private List<CompletableFuture<RecordMetadata>> send(int records) {
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            futures.add(accumulator.append(new byte[0], new byte[] {(byte) nextValue++}, clock.millis(), RECORD_BYTES,
                    clock.millis()));
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
        assertThat(sender.inFlightRequests()).as("inFlightRequests").isEqualTo(MAX_IN_FLIGHT);

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
        assertThat(futures).as("futures once both are answered").allMatch(CompletableFuture::isDone);
        assertThat(futures.get(0).join().offset()).as("the first batch's offset").isEqualTo(0);
        assertThat(futures.get(1).join().offset()).as("the second batch's offset").isEqualTo(1);
    }

    @Test
    void numbersBatchesBySequenceOfTheirFirstRecord() {
        PipelinedSender sender = sender();
        send(MAX_IN_FLIGHT);
        sender.runOnce();

        assertThat(connection().sent).extracting(ProduceRequest::baseSequence).as("base sequences")
                .containsExactly(0, 1, 2);
        assertThat(connection().sent).extracting(ProduceRequest::producerId).as("producer ids")
                .containsOnly(FIRST_PRODUCER_ID);
    }

    /**
     * The connection drops after the broker stored the first batch but before its answer came:
     * all three batches go again, in order, on a new connection; the broker's sequence check
     * answers the first as a duplicate, so the log holds each record once, in send order.
     */
    @Test
    void orderHoldsAndNothingIsStoredTwiceWhenTheConnectionFailsWithRequestsInFlight() {
        InMemoryLog log = new InMemoryLog();
        PipelinedSender sender = sender(new IdempotentProduceHandler(log, ProduceHandler.appendingTo(log)));
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

        assertThat(futures).extracting(f -> f.join().offset()).as("offsets").containsExactly(0L, 1L, 2L);
        assertThat(log.values()).as("the log: every record once, in send order").containsExactly(0, 1, 2);
    }

    /**
     * The real broker check, the first of three batches in flight failing to append: the two
     * behind it are refused by the broker as out of order (a failed first batch still fixes where
     * an unknown producer starts), and failed by the sender as behind a failed batch, so nothing
     * is stored over the gap. The next record starts afresh under a new producer id.
     */
    @Test
    void whenTheFirstAppendFailsTheBatchesBehindItFailTooNothingIsStoredAndTheNextRecordStartsANewProducer() {
        InMemoryLog log = new InMemoryLog();
        PipelinedSender sender = sender(new IdempotentProduceHandler(log, ProduceHandler.appendingTo(log)));
        List<CompletableFuture<RecordMetadata>> futures = send(MAX_IN_FLIGHT);
        sender.runOnce();
        log.failNextAppendWith(ErrorCode.STORAGE_ERROR);

        connection().deliverAllToBroker();
        sender.runOnce();

        assertThat(failureOf(futures.get(0))).as("the batch whose append failed")
                .isInstanceOfSatisfying(BrokerException.class, e -> assertThat(e.errorCode())
                        .as("its error code").isEqualTo(ErrorCode.STORAGE_ERROR));
        for (int i = 1; i < MAX_IN_FLIGHT; i++) {
            assertThat(failureOf(futures.get(i))).as("batch %d, behind the failed one", i)
                    .isInstanceOf(DisconnectedException.class)
                    .hasMessageContaining("an earlier batch");
        }
        assertThat(log.values()).as("the log: nothing stored over the gap the failed batch left").isEmpty();

        CompletableFuture<RecordMetadata> next = send(1).get(0);
        sender.runOnce();
        ProduceRequest request = connection().sent.get(0);
        assertThat(request.producerId()).as("producer id of the next record").isEqualTo(FIRST_PRODUCER_ID + 1);
        assertThat(request.baseSequence()).as("its base sequence").isZero();
        connection().deliverAllToBroker();
        sender.runOnce();

        assertThat(next.join().offset()).as("the next record's offset").isZero();
        assertThat(log.values()).as("the log: the next record only").containsExactly(MAX_IN_FLIGHT);
    }

    /**
     * No answer within request.timeout.ms: the broker may have stored the batch or not, so the
     * connection is closed and everything on it goes again, same producer id and sequences, after
     * the backoff. Only when the last attempt times out do the records fail, the batches behind too.
     */
    @Test
    void aRequestWithoutAnAnswerWithinRequestTimeoutIsSentAgainOnANewConnectionAndFailsAfterItsLastAttempt() {
        PipelinedSender sender = sender();
        List<CompletableFuture<RecordMetadata>> futures = send(2);
        assertThat(sender.runOnce()).as("runOnce that sent: wait until the deadline").isEqualTo(REQUEST_TIMEOUT_MS);
        List<ProduceRequest> firstSent = List.copyOf(connection().sent);

        clock.advanceMs(REQUEST_TIMEOUT_MS - 1);
        assertThat(sender.runOnce()).as("runOnce 1 ms before the deadline: the wait left").isEqualTo(1);
        assertThat(futures).as("futures 1 ms before request.timeout.ms").noneMatch(CompletableFuture::isDone);
        assertThat(connection().closed).as("the connection 1 ms before request.timeout.ms").isFalse();

        for (int attempt = 1; attempt <= RETRIES; attempt++) {
            ScriptedChannel timedOut = connection();
            clock.advanceMs(attempt == 1 ? 1 : REQUEST_TIMEOUT_MS);
            assertThat(sender.runOnce()).as("attempt %d timed out: runOnce waits the backoff", attempt)
                    .isEqualTo(RETRY_BACKOFF_MS);
            assertThat(timedOut.closed).as("attempt %d's connection, where a late answer could come", attempt)
                    .isTrue();
            assertThat(futures).as("futures after attempt %d timed out", attempt)
                    .noneMatch(CompletableFuture::isDone);

            clock.advanceMs(RETRY_BACKOFF_MS - 1);
            sender.runOnce();
            assertThat(connections).as("connections 1 ms before the backoff ends").hasSize(attempt);

            clock.advanceMs(1);
            sender.runOnce();
            assertThat(connections).as("connections once the backoff ends: a new one").hasSize(attempt + 1);
            assertThat(connection().sent).as("attempt %d: the same batches, same producer id and sequences, in "
                    + "order", attempt + 1).isEqualTo(firstSent);
        }

        clock.advanceMs(REQUEST_TIMEOUT_MS - 1);
        sender.runOnce();
        assertThat(futures).as("futures 1 ms before the last attempt's deadline").noneMatch(CompletableFuture::isDone);
        clock.advanceMs(1);
        sender.runOnce();

        assertThat(failureOf(futures.get(0))).as("the first batch, once its last attempt timed out")
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining("request.timeout.ms=" + REQUEST_TIMEOUT_MS)
                .hasMessageContaining("attempts=" + (1 + RETRIES));
        assertThat(failureOf(futures.get(1))).as("the batch behind it")
                .isInstanceOf(DisconnectedException.class)
                .hasMessageContaining("an earlier batch of this producer");
        assertThat(connection().closed).as("the last attempt's connection").isTrue();
        assertThat(connections).as("connections: the first and one per retry").hasSize(1 + RETRIES);
        assertThat(sender.isIdle()).as("isIdle once everything failed").isTrue();
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
        assertThat(next.producerId()).as("producer id after the failure").isEqualTo(FIRST_PRODUCER_ID + 1);
        assertThat(next.baseSequence()).as("base sequence after the failure").isZero();
    }

    @Test
    void anErrorAnswerFailsTheBatchWithTheBrokersCode() {
        PipelinedSender sender = sender();
        CompletableFuture<RecordMetadata> future = send(1).get(0);
        sender.runOnce();

        connection().answer(0, ProduceResponse.error(ErrorCode.STORAGE_ERROR, "disk full"));
        sender.runOnce();

        assertThat(failureOf(future)).as("the batch answered with an error")
                .isInstanceOfSatisfying(BrokerException.class, e -> assertThat(e.errorCode())
                        .as("its error code").isEqualTo(ErrorCode.STORAGE_ERROR));
    }

    /**
     * OUT_OF_ORDER_SEQUENCE says a batch before this one is missing from the log: sending this
     * one again cannot bring it back, so it fails for good, without a retry, and the producer
     * starts a new sequence under a new id.
     */
    @Test
    void anOutOfOrderSequenceAnswerFailsTheBatchForGoodWithoutARetryAndChangesTheProducerId() {
        PipelinedSender sender = sender();
        List<CompletableFuture<RecordMetadata>> futures = send(2);
        sender.runOnce();
        ScriptedChannel first = connection();

        first.answer(0, ProduceResponse.error(ErrorCode.OUT_OF_ORDER_SEQUENCE, "expected baseSequence=5 got 0"));
        sender.runOnce();

        assertThat(failureOf(futures.get(0))).as("the batch answered OUT_OF_ORDER_SEQUENCE")
                .isInstanceOfSatisfying(BrokerException.class, e -> assertThat(e.errorCode())
                        .as("its error code").isEqualTo(ErrorCode.OUT_OF_ORDER_SEQUENCE));
        assertThat(failureOf(futures.get(1))).as("the batch behind it")
                .isInstanceOf(DisconnectedException.class).hasMessageContaining("an earlier batch");
        clock.advanceMs(RETRY_BACKOFF_MS);
        sender.runOnce();
        assertThat(first.sent).as("requests on the first connection: none sent again").hasSize(2);
        assertThat(connections).as("connections: no retry opened one").hasSize(1);

        send(1);
        sender.runOnce();
        assertThat(connection().sent.get(0).producerId()).as("producer id of the next record")
                .isEqualTo(FIRST_PRODUCER_ID + 1);
        assertThat(connection().sent.get(0).baseSequence()).as("its base sequence").isZero();
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
        assertThat(failureOf(future)).as("the batch after its retries").isInstanceOf(DisconnectedException.class);
        assertThat(connections).as("connections: the first and one per retry").hasSize(1 + RETRIES);
    }

    /**
     * The connection drops; the reconnect after the backoff is refused, which is an attempt too:
     * the batch waits another backoff, then fails for good when its retries are used up, with
     * the connector's failure.
     */
    @Test
    void aFailedReconnectIsAnAttemptTheBatchWaitsAnotherBackoffAndFailsWhenItsRetriesAreUsedUp() {
        PipelinedSender sender = sender();
        CompletableFuture<RecordMetadata> future = send(1).get(0);
        sender.runOnce();
        connection().drop();
        sender.runOnce(); // attempt 1 failed
        connectsToFail = Integer.MAX_VALUE;

        clock.advanceMs(RETRY_BACKOFF_MS);
        assertThat(sender.runOnce()).as("runOnce whose reconnect failed: waits the backoff again")
                .isEqualTo(RETRY_BACKOFF_MS);
        assertThat(connectAttempts).as("connects: the first, and the failed reconnect").isEqualTo(2);
        assertThat(future).as("the batch after a failed reconnect (attempt 2)").isNotDone();

        clock.advanceMs(RETRY_BACKOFF_MS - 1);
        sender.runOnce();
        assertThat(connectAttempts).as("connects 1 ms before the backoff ends").isEqualTo(2);

        clock.advanceMs(1);
        sender.runOnce();
        assertThat(connectAttempts).as("connects: the first, and one per retry").isEqualTo(1 + RETRIES);
        assertThat(failureOf(future)).as("the batch once its last attempt, a reconnect, failed")
                .isInstanceOf(DisconnectedException.class)
                .hasMessageContaining("cannot connect");
        assertThat(sender.isIdle()).as("isIdle once the batch failed").isTrue();
    }

    /**
     * Only the batch that tried the failed reconnect spends an attempt on it; the batches queued
     * behind it to go again keep theirs, and each still gets its full {@code retries}: here the
     * second batch is sent 1 + retries times although the third connect, which it waited for,
     * failed.
     */
    @Test
    void aFailedReconnectSpendsAnAttemptOnlyOfTheBatchThatTriedItTheBatchesWaitingBehindKeepTheirs() {
        PipelinedSender sender = sender();
        List<CompletableFuture<RecordMetadata>> futures = send(2);
        sender.runOnce();
        connection().drop();
        sender.runOnce(); // both: attempt 1 failed
        connectsToFail = 1;
        clock.advanceMs(RETRY_BACKOFF_MS);
        sender.runOnce(); // the reconnect fails: an attempt of the first batch only

        clock.advanceMs(RETRY_BACKOFF_MS);
        sender.runOnce();
        assertThat(connection().sent).extracting(ProduceRequest::baseSequence)
                .as("the second connection: both batches again").containsExactly(0, 1);
        connection().answer(0, ProduceResponse.ok(0));
        connection().drop(); // the second batch's attempt 2 fails
        sender.runOnce();
        assertThat(futures.get(0).join().offset()).as("the first batch, answered on the second connection").isZero();

        clock.advanceMs(RETRY_BACKOFF_MS);
        sender.runOnce();
        assertThat(futures.get(1)).as("the second batch after 2 of its %d attempts", 1 + RETRIES).isNotDone();
        assertThat(connection().sent).extracting(ProduceRequest::baseSequence)
                .as("the third connection: the second batch, attempt 3").containsExactly(1);
        connection().drop();
        sender.runOnce();

        assertThat(failureOf(futures.get(1))).as("the second batch, once its last attempt failed")
                .isInstanceOf(DisconnectedException.class);
        long sendsOfTheSecondBatch = connections.stream().flatMap(c -> c.sent.stream())
                .filter(request -> request.baseSequence() == 1).count();
        assertThat(sendsOfTheSecondBatch).as("times the second batch was sent").isEqualTo(1 + RETRIES);
    }

    /**
     * The producer is closing: a batch that fails for good fails every batch still waiting in the
     * accumulator at once, instead of each going through its own retries against a broker that
     * just failed, so close() waits for one batch's retries at most.
     */
    @Test
    void whenTheProducerIsClosingABatchThatFailsForGoodFailsEveryBatchStillWaitingInTheAccumulator() {
        PipelinedSender sender = sender();
        List<CompletableFuture<RecordMetadata>> futures = send(MAX_IN_FLIGHT + 2);
        sender.runOnce();
        accumulator.close();

        connection().answer(0, ProduceResponse.error(ErrorCode.STORAGE_ERROR, "disk full"));
        sender.runOnce();

        assertThat(futures).as("every future, in flight or waiting in the accumulator")
                .allMatch(CompletableFuture::isCompletedExceptionally);
        for (int i = MAX_IN_FLIGHT; i < futures.size(); i++) {
            assertThat(failureOf(futures.get(i))).as("batch %d, never sent", i)
                    .isInstanceOf(DisconnectedException.class)
                    .hasMessageContaining("an earlier batch");
        }
        assertThat(connections).as("connections: none opened for the waiting batches").hasSize(1);
        assertThat(connection().sent).as("requests: only those in flight when the first failed")
                .hasSize(MAX_IN_FLIGHT);
        assertThat(accumulator.isEmpty()).as("the accumulator: nothing left to send").isTrue();
        assertThat(sender.isIdle()).as("isIdle: the I/O thread may end").isTrue();
    }

    // ---- delivery timeout (the backpressure stage's seam) ----

    /** Longer than a request timeout, shorter than its retries: which of the two bounds a batch's life is clear. */
    private static final long DELIVERY_TIMEOUT_MS = REQUEST_TIMEOUT_MS + REQUEST_TIMEOUT_MS / 2;

    @Test
    void aBatchThatNeverLeftTheAccumulatorFailsThereAtItsDeliveryDeadlineAndIsNeverSent() {
        PipelinedSender sender = sender(null, DELIVERY_TIMEOUT_MS);
        List<CompletableFuture<RecordMetadata>> futures = send(MAX_IN_FLIGHT + 1);
        sender.runOnce();
        connection().answer(0, ProduceResponse.ok(0)); // the window stays full: the oldest is not handled yet

        clock.advanceMs(DELIVERY_TIMEOUT_MS - 1);
        assertThat(sender.runOnce()).as("runOnce 1 ms before the delivery deadline: the wait left").isEqualTo(1);
        assertThat(futures.get(MAX_IN_FLIGHT)).as("the waiting batch 1 ms before its deadline").isNotDone();

        clock.advanceMs(1);
        sender.runOnce();

        assertThat(failureOf(futures.get(MAX_IN_FLIGHT))).as("the batch that waited in the accumulator")
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining("delivery.timeout.ms=" + DELIVERY_TIMEOUT_MS)
                .hasMessageContaining("never sent");
        assertThat(connections.stream().mapToInt(c -> c.sent.size()).sum()).as("requests ever sent")
                .isEqualTo(MAX_IN_FLIGHT);
        assertThat(futures.get(0)).as("the batch answered in time").isCompletedWithValue(new RecordMetadata(0));
    }

    @Test
    void aBatchOnTheWireFailsAtItsDeliveryDeadlineBeforeAnotherRetryWithTheBatchesBehindIt() {
        PipelinedSender sender = sender(null, DELIVERY_TIMEOUT_MS);
        List<CompletableFuture<RecordMetadata>> futures = send(2);
        sender.runOnce();
        clock.advanceMs(REQUEST_TIMEOUT_MS);
        sender.runOnce(); // the first attempt timed out: a retry after the backoff
        clock.advanceMs(RETRY_BACKOFF_MS);
        sender.runOnce();
        assertThat(connections).as("connections: the first and the retry's").hasSize(2);

        clock.advanceMs(DELIVERY_TIMEOUT_MS - REQUEST_TIMEOUT_MS - RETRY_BACKOFF_MS);
        sender.runOnce();

        assertThat(failureOf(futures.get(0))).as("the first batch at its delivery deadline, its request not timed out")
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining("delivery.timeout.ms=" + DELIVERY_TIMEOUT_MS)
                .hasMessageContaining("on the wire");
        assertThat(failureOf(futures.get(1))).as("the batch behind it")
                .isInstanceOf(DisconnectedException.class).hasMessageContaining("an earlier batch");
        assertThat(connections).as("connections: no retry after the deadline").hasSize(2);
        assertThat(sender.isIdle()).isTrue();
    }

    @Test
    void withoutADeliveryTimeoutABatchWaitsInTheAccumulatorAsLongAsTheWindowIsFull() {
        PipelinedSender sender = sender();
        List<CompletableFuture<RecordMetadata>> futures = send(MAX_IN_FLIGHT + 1);
        sender.runOnce();

        clock.advanceMs(REQUEST_TIMEOUT_MS - 1);
        sender.runOnce();

        assertThat(futures.get(MAX_IN_FLIGHT)).as("the waiting batch, with no delivery timeout").isNotDone();
    }

    private static Throwable failureOf(CompletableFuture<?> future) {
        assertThat(future).as("a future expected to have failed").isCompletedExceptionally();
        try {
            future.join();
            throw new AssertionError("not failed");
        } catch (CompletionException e) {
            return e.getCause();
        }
    }

    /**
     * A connection whose answers the test gives: by hand ({@link #answer}), or by handing
     * requests to a broker-side handler ({@link #deliverToBroker}). It keeps each request body
     * decoded, as the broker reads it. Used by one test thread.
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
        public CompletableFuture<ProduceResponse> send(ByteBuf body) {
            ProduceRequest request = JsonCodec.INSTANCE.decode(ProduceRequest.class, body.duplicate());
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
            return InMemoryLog.produce(broker, sent.get(request));
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
