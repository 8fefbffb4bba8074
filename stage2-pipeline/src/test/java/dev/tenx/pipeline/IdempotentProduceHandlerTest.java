package dev.tenx.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenx.common.broker.ProduceHandler;
import dev.tenx.common.wire.ErrorCode;
import dev.tenx.common.wire.LogRecord;
import dev.tenx.common.wire.ProduceRequest;
import dev.tenx.common.wire.ProduceResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The sequence check in front of the append, over a fake log that records what it was asked to store. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class IdempotentProduceHandlerTest {

    private static final long PRODUCER = 7;
    private static final long OTHER_PRODUCER = 8;

    private final InMemoryLog log = new InMemoryLog();
    private final IdempotentProduceHandler handler = new IdempotentProduceHandler(log, ProduceHandler.appendingTo(log));

    @Test
    void batchesInSequenceAreStoredAtDenseOffsets() {
        assertThat(InMemoryLog.produce(handler, batch(PRODUCER, 0, 3))).isEqualTo(ProduceResponse.ok(0));
        assertThat(InMemoryLog.produce(handler, batch(PRODUCER, 3, 2))).isEqualTo(ProduceResponse.ok(3));
        assertThat(InMemoryLog.produce(handler, batch(PRODUCER, 5, 1))).isEqualTo(ProduceResponse.ok(5));

        assertThat(log.appendedSequences()).containsExactly(0, 3, 5);
    }

    @Test
    void aRetryOfAStoredBatchGetsItsOriginalOffsetAndIsNotStoredTwice() {
        InMemoryLog.produce(handler, batch(PRODUCER, 0, 3));
        InMemoryLog.produce(handler, batch(OTHER_PRODUCER, 0, 4));
        InMemoryLog.produce(handler, batch(PRODUCER, 3, 2));

        assertThat(InMemoryLog.produce(handler, batch(PRODUCER, 0, 3))).isEqualTo(ProduceResponse.ok(0));
        assertThat(InMemoryLog.produce(handler, batch(PRODUCER, 3, 2))).isEqualTo(ProduceResponse.ok(7));

        assertThat(log.appended()).hasSize(3);
        assertThat(InMemoryLog.produce(handler, batch(PRODUCER, 5, 1))).isEqualTo(ProduceResponse.ok(9));
    }

    @Test
    void aRetryWithAnotherRecordCountIsOutOfOrder() {
        InMemoryLog.produce(handler, batch(PRODUCER, 0, 3));

        ProduceResponse response = InMemoryLog.produce(handler, batch(PRODUCER, 0, 2));

        assertThat(response.errorCode()).isEqualTo(ErrorCode.OUT_OF_ORDER_SEQUENCE);
        assertThat(response.errorMessage()).contains("producerId=7", "expected baseSequence=3 got 0");
        assertThat(log.appended()).hasSize(1);
    }

    @Test
    void aGapIsRefusedAndNothingIsStoredUntilTheMissingBatchComes() {
        InMemoryLog.produce(handler, batch(PRODUCER, 0, 3));

        ProduceResponse gap = InMemoryLog.produce(handler, batch(PRODUCER, 5, 1));

        assertThat(gap.errorCode()).isEqualTo(ErrorCode.OUT_OF_ORDER_SEQUENCE);
        assertThat(gap.errorMessage())
                .contains("producerId=7 expected baseSequence=3 got 5", "an earlier batch is missing");
        assertThat(log.appendedSequences()).containsExactly(0);
        assertThat(InMemoryLog.produce(handler, batch(PRODUCER, 3, 2))).isEqualTo(ProduceResponse.ok(3));
        assertThat(InMemoryLog.produce(handler, batch(PRODUCER, 5, 1))).isEqualTo(ProduceResponse.ok(5));
    }

    @Test
    void aFailedAppendChangesNothing() {
        InMemoryLog.produce(handler, batch(PRODUCER, 0, 3));
        log.failNextAppendWith(ErrorCode.STORAGE_ERROR);

        assertThat(InMemoryLog.produce(handler, batch(PRODUCER, 3, 2)).errorCode()).isEqualTo(ErrorCode.STORAGE_ERROR);

        assertThat(InMemoryLog.produce(handler, batch(PRODUCER, 5, 1)).errorCode()).isEqualTo(ErrorCode.OUT_OF_ORDER_SEQUENCE);
        assertThat(InMemoryLog.produce(handler, batch(PRODUCER, 3, 2))).isEqualTo(ProduceResponse.ok(3));
        assertThat(log.appendedSequences()).containsExactly(0, 3);
    }

    @Test
    void aFailedFirstBatchStillFixesWhereTheProducerStartsSoTheBatchesBehindItAreRefused() {
        log.failNextAppendWith(ErrorCode.STORAGE_ERROR);
        assertThat(InMemoryLog.produce(handler, batch(PRODUCER, 10, 1)).errorCode()).as("the first batch, its append failing")
                .isEqualTo(ErrorCode.STORAGE_ERROR);

        assertThat(InMemoryLog.produce(handler, batch(PRODUCER, 11, 1)).errorCode())
                .as("the batch behind a first batch that failed").isEqualTo(ErrorCode.OUT_OF_ORDER_SEQUENCE);
        assertThat(log.appended()).as("appended").isEmpty();
        assertThat(InMemoryLog.produce(handler, batch(PRODUCER, 10, 1))).as("the failed batch, sent again")
                .isEqualTo(ProduceResponse.ok(0));
    }

    @Test
    void anUnknownProducerIsAcceptedAtAnySequenceAndHeldToItAfterwards() {
        assertThat(InMemoryLog.produce(handler, batch(PRODUCER, 1_000, 2))).isEqualTo(ProduceResponse.ok(0));

        assertThat(InMemoryLog.produce(handler, batch(PRODUCER, 0, 1)).errorCode()).isEqualTo(ErrorCode.OUT_OF_ORDER_SEQUENCE);
        assertThat(InMemoryLog.produce(handler, batch(PRODUCER, 1_002, 1))).isEqualTo(ProduceResponse.ok(2));
    }

    @Test
    void requestsWithoutAProducerIdPassThroughUnchecked() {
        ProduceRequest unchecked = ProduceRequest.of(records(2));

        assertThat(InMemoryLog.produce(handler, unchecked)).isEqualTo(ProduceResponse.ok(0));
        assertThat(InMemoryLog.produce(handler, unchecked)).isEqualTo(ProduceResponse.ok(2));
        assertThat(log.appended()).hasSize(2);
    }

    @Test
    void aProducerIdWithANegativeSequenceOrANegativeIdIsAnInvalidRequest() {
        ProduceResponse noSequence = InMemoryLog.produce(handler, batch(PRODUCER, ProduceRequest.NO_SEQUENCE, 1));
        ProduceResponse negativeId = InMemoryLog.produce(handler, batch(-2, 0, 1));

        assertThat(noSequence.errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(noSequence.errorMessage()).contains("producerId=7 baseSequence=-1");
        assertThat(negativeId.errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(log.appended()).isEmpty();
    }

    @Test
    void onlyTheLastRememberedBatchesAreRecognisedAsRetries() {
        int batches = IdempotentProduceHandler.REMEMBERED_BATCHES + 1;
        for (int sequence = 0; sequence < batches; sequence++) {
            InMemoryLog.produce(handler, batch(PRODUCER, sequence, 1));
        }

        ProduceResponse forgotten = InMemoryLog.produce(handler, batch(PRODUCER, 0, 1));

        assertThat(forgotten.errorCode()).isEqualTo(ErrorCode.OUT_OF_ORDER_SEQUENCE);
        assertThat(forgotten.errorMessage()).contains("not one of the last " + IdempotentProduceHandler.REMEMBERED_BATCHES);
        assertThat(InMemoryLog.produce(handler, batch(PRODUCER, 1, 1))).isEqualTo(ProduceResponse.ok(1));
        assertThat(log.appended()).hasSize(batches);
    }

    @Test
    void whenTheTableIsFullTheProducerIdleTheLongestIsForgotten() {
        IdempotentProduceHandler small = new IdempotentProduceHandler(log, ProduceHandler.appendingTo(log), 2);
        InMemoryLog.produce(small, batch(PRODUCER, 0, 1));
        InMemoryLog.produce(small, batch(OTHER_PRODUCER, 0, 1));
        InMemoryLog.produce(small, batch(PRODUCER, 1, 1));

        InMemoryLog.produce(small, batch(9, 0, 1));

        assertThat(InMemoryLog.produce(small, batch(PRODUCER, 1, 1))).isEqualTo(ProduceResponse.ok(2));
        // the documented limit: a forgotten producer is unknown again, so its retry is stored a second time
        assertThat(InMemoryLog.produce(small, batch(OTHER_PRODUCER, 0, 1))).isEqualTo(ProduceResponse.ok(4));
        assertThat(log.appended()).hasSize(5);
    }

    /**
     * A producer that reconnects may have a request of its old connection still being handled on
     * another event-loop thread while it sends the same batch on the new one: both threads send
     * each batch at the same moment, and each must be stored exactly once, in order.
     */
    @Test
    void twoThreadsSendingTheSameBatchesStoreEachOnceInSequence() throws Exception {
        int batches = 500;
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<List<ProduceResponse>> first = threads.submit(() -> sendAll(batches, together));
            Future<List<ProduceResponse>> second = threads.submit(() -> sendAll(batches, together));

            assertThat(first.get()).isEqualTo(second.get());
            assertThat(first.get()).allMatch(r -> r.errorCode() == ErrorCode.NONE);
        } finally {
            threads.shutdownNow();
        }
        List<Integer> dense = new ArrayList<>();
        for (int sequence = 0; sequence < batches; sequence++) {
            dense.add(sequence);
        }
        assertThat(log.appendedSequences()).isEqualTo(dense);
    }

    private List<ProduceResponse> sendAll(int batches, CyclicBarrier together) throws Exception {
        List<ProduceResponse> responses = new ArrayList<>();
        for (int sequence = 0; sequence < batches; sequence++) {
            together.await();
            responses.add(InMemoryLog.produce(handler, batch(PRODUCER, sequence, 1)));
        }
        return responses;
    }

    private static ProduceRequest batch(long producerId, int baseSequence, int recordCount) {
        return new ProduceRequest(producerId, baseSequence, records(recordCount));
    }

    private static List<LogRecord> records(int count) {
        List<LogRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(new LogRecord(new byte[0], new byte[] {(byte) i}, i));
        }
        return records;
    }
}
