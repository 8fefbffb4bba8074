package dev.tenx.exercises.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenx.common.broker.ProduceHandler;
import dev.tenx.common.broker.ProduceResult;
import dev.tenx.common.broker.RecordStore;
import dev.tenx.common.wire.ErrorCode;
import dev.tenx.common.wire.ProduceRequest;
import dev.tenx.common.wire.ProduceResponse;
import dev.tenx.common.wire.RecordBatch;
import dev.tenx.pipeline.IdempotentProduceHandler;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the broker's sequence check must do (exercise 2, {@link SequenceCheckExercise}), over a
 * scripted store that gives dense offsets, can fail an append and can hold records short of
 * durable. Batches carry no bytes: the check reads only the producer id, the base sequence and
 * the record count. One thread; nothing sleeps.
 */
abstract class SequenceCheckExerciseContract {

    private static final long PRODUCER = 7;
    private static final long OTHER_PRODUCER = 8;

    private final ScriptedStore store = new ScriptedStore();
    /** The batches the previous stage's path was handed. */
    private final List<RecordBatch> uncheckedBatches = new ArrayList<>();
    private ProduceHandler handler;

    /** The sequence check under test, in front of {@code store}, with {@code unchecked} for batches without a producer id. */
    protected abstract ProduceHandler newHandler(RecordStore store, ProduceHandler unchecked);

    @BeforeEach
    void newHandlerOverTheStore() {
        ProduceHandler appending = ProduceHandler.appendingTo(store);
        handler = newHandler(store, batch -> {
            uncheckedBatches.add(batch);
            return appending.produce(batch);
        });
    }

    @Test
    void batchesInSequenceAreStoredAtDenseOffsetsAndAcknowledgedWithTheirEnd() {
        assertThat(answer(PRODUCER, 0, 3)).as("first batch, 3 records: acknowledged at 0, covering offsets below 3")
                .isEqualTo(ProduceResult.acknowledged(0, 3));
        assertThat(answer(PRODUCER, 3, 2)).as("next batch, sequence 3").isEqualTo(ProduceResult.acknowledged(3, 2));
        assertThat(answer(PRODUCER, 5, 1)).as("next batch, sequence 5").isEqualTo(ProduceResult.acknowledged(5, 1));

        assertThat(store.appendedSequences()).as("base sequences appended to the store").containsExactly(0, 3, 5);
        assertThat(uncheckedBatches).as("batches handed to the unchecked path").isEmpty();
    }

    @Test
    void aRetryOfAStoredBatchGetsItsOriginalOffsetAndIsNotStoredAgain() {
        produce(PRODUCER, 0, 3);
        produce(OTHER_PRODUCER, 0, 4);
        produce(PRODUCER, 3, 2);

        assertThat(produce(PRODUCER, 0, 3)).as("a retry of the producer's first batch").isEqualTo(ok(0));
        assertThat(produce(PRODUCER, 3, 2)).as("a retry of its second batch, stored after another producer's 4 records")
                .isEqualTo(ok(7));
        assertThat(store.appended()).as("batches appended: no retry twice").hasSize(3);
        assertThat(produce(PRODUCER, 5, 1)).as("the batch after the retries").isEqualTo(ok(9));
    }

    @Test
    void aRetryWithAnotherRecordCountIsOutOfOrder() {
        produce(PRODUCER, 0, 3);

        ProduceResponse response = produce(PRODUCER, 0, 2);

        assertThat(response.errorCode()).as("a batch at sequence 0 with 2 records, where 3 were stored")
                .isEqualTo(ErrorCode.OUT_OF_ORDER_SEQUENCE);
        assertThat(response.errorMessage()).as("its message").contains("producerId=7 expected baseSequence=3 got 0");
        assertThat(store.appended()).as("batches appended").hasSize(1);
    }

    @Test
    void aGapIsRefusedAndNothingIsStoredUntilTheMissingBatchComes() {
        produce(PRODUCER, 0, 3);

        ProduceResponse gap = produce(PRODUCER, 5, 1);

        assertThat(gap.errorCode()).as("sequence 5 where 3 is expected").isEqualTo(ErrorCode.OUT_OF_ORDER_SEQUENCE);
        assertThat(gap.errorMessage()).as("its message").contains("producerId=7 expected baseSequence=3 got 5");
        assertThat(store.appendedSequences()).as("base sequences appended").containsExactly(0);
        assertThat(produce(PRODUCER, 3, 2)).as("the missing batch").isEqualTo(ok(3));
        assertThat(produce(PRODUCER, 5, 1)).as("the refused batch, sent again in order").isEqualTo(ok(5));
    }

    @Test
    void anUnknownProducersFirstBatchFixesWhereItStarts() {
        assertThat(produce(PRODUCER, 42, 2)).as("a producer's first batch, at sequence 42").isEqualTo(ok(0));
        assertThat(produce(PRODUCER, 44, 1)).as("its next, at 44").isEqualTo(ok(2));
        assertThat(produce(PRODUCER, 43, 1).errorCode()).as("sequence 43, inside the first batch")
                .isEqualTo(ErrorCode.OUT_OF_ORDER_SEQUENCE);
        assertThat(produce(OTHER_PRODUCER, 0, 1)).as("another producer's first batch, at 0").isEqualTo(ok(3));
    }

    @Test
    void aFailedAppendIsAStorageErrorAndTheSameBatchIsStillExpected() {
        produce(PRODUCER, 0, 3);
        store.failNextAppend();

        assertThat(produce(PRODUCER, 3, 2).errorCode()).as("the batch whose append failed")
                .isEqualTo(ErrorCode.STORAGE_ERROR);
        assertThat(produce(PRODUCER, 5, 1).errorCode()).as("the batch behind it, before it is sent again")
                .isEqualTo(ErrorCode.OUT_OF_ORDER_SEQUENCE);
        assertThat(produce(PRODUCER, 3, 2)).as("the failed batch, sent again").isEqualTo(ok(3));
        assertThat(store.appendedSequences()).as("base sequences appended").containsExactly(0, 3);
    }

    @Test
    void aFailedFirstBatchStillFixesWhereItsProducerStarts() {
        store.failNextAppend();

        assertThat(produce(PRODUCER, 0, 3).errorCode()).as("a new producer's first batch, append failed")
                .isEqualTo(ErrorCode.STORAGE_ERROR);
        assertThat(produce(PRODUCER, 3, 2).errorCode())
                .as("the batch behind it: not to be stored over the gap the failed one left")
                .isEqualTo(ErrorCode.OUT_OF_ORDER_SEQUENCE);
        assertThat(produce(PRODUCER, 0, 3)).as("the first batch, sent again").isEqualTo(ok(0));
    }

    @Test
    void onlyTheLastRememberedBatchesAreRecognisedAsRetries() {
        int remembered = IdempotentProduceHandler.REMEMBERED_BATCHES;
        for (int sequence = 0; sequence <= remembered; sequence++) {
            produce(PRODUCER, sequence, 1);
        }

        assertThat(produce(PRODUCER, 0, 1).errorCode())
                .as("a retry of the batch %d batches back: forgotten, so out of order", remembered + 1)
                .isEqualTo(ErrorCode.OUT_OF_ORDER_SEQUENCE);
        assertThat(produce(PRODUCER, 1, 1)).as("a retry of the batch %d batches back", remembered).isEqualTo(ok(1));
        assertThat(store.appended()).as("batches appended").hasSize(remembered + 1);
    }

    @Test
    void nothingIsAcknowledgedBeforeTheStoreSaysItIsDurableRetriesIncluded() {
        store.holdDurability();

        CompletableFuture<ProduceResult> first = handler.produce(batch(PRODUCER, 0, 3)).toCompletableFuture();
        CompletableFuture<ProduceResult> retry = handler.produce(batch(PRODUCER, 0, 3)).toCompletableFuture();

        assertThat(first).as("the batch's answer before its records are durable").isNotDone();
        assertThat(retry).as("its retry's answer before the original is durable: acknowledging it would promise "
                + "records that a crash could still lose").isNotDone();
        assertThat(store.appended()).as("batches appended").hasSize(1);
        store.makeDurable();
        assertThat(first.getNow(null)).as("the batch's answer once durable").isEqualTo(ProduceResult.acknowledged(0, 3));
        assertThat(retry.getNow(null)).as("the retry's answer once durable").isEqualTo(ProduceResult.acknowledged(0, 3));
    }

    @Test
    void aBatchWithoutAProducerIdGoesToTheUncheckedPath() {
        assertThat(produce(ProduceRequest.NO_PRODUCER_ID, ProduceRequest.NO_SEQUENCE, 2))
                .as("a batch without a producer id").isEqualTo(ok(0));
        assertThat(produce(ProduceRequest.NO_PRODUCER_ID, ProduceRequest.NO_SEQUENCE, 2))
                .as("the same again: nothing to check it against, so stored again").isEqualTo(ok(2));
        assertThat(uncheckedBatches).as("batches handed to the unchecked path").hasSize(2);
        produce(PRODUCER, 0, 1);
        assertThat(uncheckedBatches).as("batches handed to the unchecked path, after one with a producer id")
                .hasSize(2);
    }

    @Test
    void aNegativeSequenceOrProducerIdIsAnInvalidRequest() {
        assertThat(produce(PRODUCER, -5, 1).errorCode()).as("producerId=7, baseSequence=-5")
                .isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(produce(-7, 0, 1).errorCode()).as("producerId=-7, baseSequence=0")
                .isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(store.appended()).as("batches appended").isEmpty();
        assertThat(produce(PRODUCER, 0, 1)).as("a valid batch after them").isEqualTo(ok(0));
    }

    /** Hands the batch to the handler and returns the response it answers, which must be there once the store is durable. */
    private ProduceResponse produce(long producerId, int baseSequence, int recordCount) {
        return answer(producerId, baseSequence, recordCount).response();
    }

    private ProduceResult answer(long producerId, int baseSequence, int recordCount) {
        CompletableFuture<ProduceResult> answer = handler.produce(batch(producerId, baseSequence, recordCount))
                .toCompletableFuture();
        assertThat(answer).as("the answer to producerId=%d baseSequence=%d recordCount=%d, with the store durable "
                + "at once", producerId, baseSequence, recordCount).isDone();
        return answer.join();
    }

    /** A batch of {@code recordCount} records with no bytes: the check never reads them. */
    private static RecordBatch batch(long producerId, int baseSequence, int recordCount) {
        return new RecordBatch(producerId, baseSequence, recordCount, Unpooled.EMPTY_BUFFER, null);
    }

    private static ProduceResponse ok(long baseOffset) {
        return ProduceResponse.ok(baseOffset);
    }
}
