package dev.tenx.exercises.pipeline;

import dev.tenx.common.broker.ProduceHandler;
import dev.tenx.common.broker.ProduceResult;
import dev.tenx.common.broker.RecordStore;
import dev.tenx.common.wire.RecordBatch;
import java.util.concurrent.CompletionStage;

/**
 * Exercise 2, pipelining: the broker's sequence check. A pipelining producer keeps several
 * batches in flight; when its connection fails it sends them all again, in order, on a new one.
 * Every batch carries its producer's id and the sequence number of its first record, and this
 * check, in front of the store, is what keeps those retries from reordering the log or storing a
 * batch twice. Write {@link #produce} so that {@code SequenceCheckExerciseTest} passes.
 *
 * <p>The rules, per producer id:
 * <ul>
 *   <li>A batch without a producer id ({@code ProduceRequest.NO_PRODUCER_ID}, as stages 0 and 1
 *       send) goes to {@code unchecked}, the previous stage's path, and nothing else is done.
 *       A producer id or a base sequence below that is {@code ErrorCode.INVALID_REQUEST}.
 *   <li>The batch expected next is appended to the store and acknowledged once the store says
 *       it is durable ({@link ProduceHandler#acknowledgeWhenDurable}); the producer then expects
 *       the sequence after its last record. A producer never seen before is expected to send any
 *       sequence: its first batch fixes where it starts.
 *   <li>If the append throws, the answer is {@link ProduceHandler#storageError} and the producer
 *       still expects that same batch (an unknown producer now expects it).
 *   <li>A retry of one of the producer's last {@code IdempotentProduceHandler.REMEMBERED_BATCHES}
 *       stored batches (same base sequence, same record count) is not stored again: it is
 *       answered with its original offset, once that is durable.
 *   <li>Anything else is refused with {@code ErrorCode.OUT_OF_ORDER_SEQUENCE}, nothing stored;
 *       the message says {@code producerId=<id> expected baseSequence=<next> got <base>}.
 * </ul>
 *
 * <p>How: a map from producer id to a small state (the sequence expected next, the last stored
 * batches with their offsets) is all it takes. The tests call it from one thread; the stage's
 * handler is also safe across connections and bounds how many producers it remembers, which this
 * exercise leaves out. Change only this file; keep the constructor. Run
 * {@code ./mvnw -pl workshop/exercises -am test -Pexercises -Dtest=SequenceCheckExerciseTest}.
 * The stage's own answer, to read once yours passes:
 * {@code stage2-pipeline/src/main/java/dev/tenx/pipeline/IdempotentProduceHandler.java}.
 */
public final class SequenceCheckExercise implements ProduceHandler {

    private final RecordStore store;
    private final ProduceHandler unchecked;

    /**
     * @param store     where batches that pass the check are appended
     * @param unchecked the produce path for batches without a producer id: the previous stage's
     */
    public SequenceCheckExercise(RecordStore store, ProduceHandler unchecked) {
        this.store = store;
        this.unchecked = unchecked;
    }

    @Override
    public CompletionStage<ProduceResult> produce(RecordBatch batch) {
        throw new UnsupportedOperationException("exercise: produce(" + batch + ") is not written yet: the batch "
                + "expected next is appended to the store, a remembered retry gets its original offset, anything else "
                + "is OUT_OF_ORDER_SEQUENCE; without a producer id it goes to the unchecked path");
    }
}
