package dev.tenx.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenx.common.errors.DisconnectedException;
import dev.tenx.common.spi.RecordMetadata;
import dev.tenx.common.wire.JsonCodec;
import dev.tenx.common.wire.LogRecord;
import dev.tenx.common.wire.MessageCodec;
import dev.tenx.common.wire.ProduceRequest;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The accumulator, driven by hand with explicit times ({@code nowMs}) and no I/O thread, proves
 * the three rules that decide when a batch leaves and how big it is:
 * <ul>
 *   <li>{@code linger.ms} bounds the wait of a lone record: its batch is not ready one
 *       millisecond before the linger ends and is ready when it ends;
 *   <li>{@code batch.size} and {@code batch.max.records} bound a batch, except that a record
 *       larger than {@code batch.size} goes alone, at once, without holding up the ones after it;
 *       a batch is also ready as soon as another one starts behind it;
 *   <li>batches, and the records in them, leave in the order they were appended;
 * </ul>
 * and that flush, close and abort do what the producer relies on: flush and close make every
 * batch ready whatever its linger, close refuses new records (their futures fail at once with a
 * DisconnectedException saying why), abort fails every incomplete batch (drained or not) so that
 * nothing waits for ever and keeps its cause for the records refused after it, and the buffered
 * gauges return to zero once batches complete or fail. No sleep anywhere: time is a number the test passes in.
 */
class RecordAccumulatorTest {

    /** A realistic epoch time, so that arithmetic on {@code createdMs} is tested where it runs. */
    private static final long T0 = 1_700_000_000_000L;
    private static final long LINGER_MS = 5;
    private static final int BATCH_SIZE = 1_000;
    private static final int MAX_RECORDS = 1_000;
    /** Records of this size never fill a batch of {@link #BATCH_SIZE} on their own. */
    private static final int SMALL = 100;

    private final RecordAccumulator accumulator = accumulator(BATCH_SIZE, MAX_RECORDS, LINGER_MS);

    // ---- linger ----

    @Test
    public void anEmptyAccumulatorHasNothingReadyAndNoDeadline() {
        assertThat(accumulator.isEmpty()).as("isEmpty before any append").isTrue();
        assertThat(accumulator.pollReady(T0)).as("pollReady with no batch").isNull();
        assertThat(accumulator.msUntilReady(T0)).as("msUntilReady with no batch: nothing to wait for")
                .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    public void aLoneRecordIsNotReadyOneMillisecondBeforeLingerEndsAndIsReadyWhenItEnds() {
        CompletableFuture<RecordMetadata> future = append(accumulator, record(0), SMALL, T0);

        assertThat(accumulator.msUntilReady(T0)).as("msUntilReady right after the append").isEqualTo(LINGER_MS);
        assertThat(accumulator.msUntilReady(T0 + LINGER_MS - 1)).as("msUntilReady at linger.ms - 1").isEqualTo(1);
        assertThat(accumulator.pollReady(T0 + LINGER_MS - 1)).as("pollReady at linger.ms - 1").isNull();
        assertThat(accumulator.isEmpty()).as("the batch is still waiting").isFalse();

        assertThat(accumulator.msUntilReady(T0 + LINGER_MS)).as("msUntilReady at linger.ms").isZero();
        ProducerBatch batch = accumulator.pollReady(T0 + LINGER_MS);
        assertThat(batch).as("pollReady at linger.ms").isNotNull();
        assertThat(recordsOf(batch)).as("the lone record's batch").containsExactly(record(0));
        assertThat(future).as("the record's future, drained but not answered").isNotDone();
        assertThat(accumulator.isEmpty()).as("isEmpty once the batch is drained").isTrue();
    }

    @Test
    public void lingerCountsFromTheBatchsFirstRecordNotItsLast() {
        append(accumulator, record(0), SMALL, T0);
        append(accumulator, record(1), SMALL, T0 + LINGER_MS - 1);

        assertThat(accumulator.msUntilReady(T0 + LINGER_MS))
                .as("a later record does not restart the linger of the batch it joins").isZero();
    }

    @Test
    public void lingerZeroMakesALoneRecordReadyAtOnce() {
        RecordAccumulator noLinger = accumulator(BATCH_SIZE, MAX_RECORDS, 0);
        append(noLinger, record(0), SMALL, T0);

        assertThat(noLinger.msUntilReady(T0)).as("msUntilReady with linger.ms=0").isZero();
        assertThat(noLinger.pollReady(T0)).as("pollReady with linger.ms=0").isNotNull();
    }

    @Test
    public void theLongestLingerKeepsALoneRecordWaitingUntilAFlush() {
        RecordAccumulator forever = accumulator(BATCH_SIZE, MAX_RECORDS, Long.MAX_VALUE);
        append(forever, record(0), SMALL, T0);
        long aYearLater = T0 + 365L * 24 * 60 * 60 * 1000;

        assertThat(forever.msUntilReady(aYearLater)).as("linger.ms=Long.MAX_VALUE, a year after the append")
                .isPositive();
        assertThat(forever.pollReady(aYearLater)).as("pollReady a year after the append").isNull();

        forever.beginFlush();
        assertThat(forever.pollReady(aYearLater)).as("pollReady during a flush").isNotNull();
    }

    // ---- batch.size, batch.max.records ----

    @Test
    public void batchesNeverHoldMoreThanBatchSizeBytesAndEachIsAsFullAsTheNextRecordAllows() {
        int[] sizes = {300, 450, 120, 90, 700, 10, 333, 999, 1, 250, 250, 250, 250, 64, 512, 512, 400};
        List<Integer> appended = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            append(accumulator, record(i), sizes[i], T0);
            appended.add(sizes[i]);
        }

        List<ProducerBatch> batches = drainAll(accumulator, T0);

        int next = 0;
        for (int b = 0; b < batches.size(); b++) {
            ProducerBatch batch = batches.get(b);
            int expectedBytes = appended.subList(next, next + batch.recordCount()).stream().mapToInt(Integer::intValue).sum();
            assertThat(batch.sizeBytes()).as("batch %d: its size is the sum of the sizes passed to append", b)
                    .isEqualTo(expectedBytes)
                    .isLessThanOrEqualTo(BATCH_SIZE);
            next += batch.recordCount();
            if (next < appended.size()) {
                assertThat(batch.sizeBytes() + appended.get(next))
                        .as("batch %d was closed only because the next record (%d B) did not fit", b, appended.get(next))
                        .isGreaterThan(BATCH_SIZE);
            }
        }
        assertThat(next).as("records in all batches").isEqualTo(sizes.length);
    }

    @Test
    public void aRecordThatExactlyFillsBatchSizeMakesItsBatchReadyAtOnce() {
        append(accumulator, record(0), BATCH_SIZE - SMALL, T0);
        assertThat(accumulator.msUntilReady(T0)).as("a batch with room left lingers").isEqualTo(LINGER_MS);

        append(accumulator, record(1), SMALL, T0);

        assertThat(accumulator.msUntilReady(T0)).as("a batch of exactly batch.size bytes is full").isZero();
        assertThat(recordsOf(accumulator.pollReady(T0))).as("the full batch")
                .containsExactly(record(0), record(1));
    }

    @Test
    public void aRecordLargerThanBatchSizeGoesAloneAtOnceWithoutHoldingUpTheRecordsAfterIt() {
        int oversized = 3 * BATCH_SIZE;
        append(accumulator, record(0), SMALL, T0);
        append(accumulator, record(1), oversized, T0);
        append(accumulator, record(2), SMALL, T0);
        append(accumulator, record(3), SMALL, T0);

        ProducerBatch before = accumulator.pollReady(T0);
        ProducerBatch alone = accumulator.pollReady(T0);

        assertThat(recordsOf(before)).as("the batch open when the large record came").containsExactly(record(0));
        assertThat(alone).as("the large record's batch, ready before any linger").isNotNull();
        assertThat(recordsOf(alone)).as("the large record goes alone").containsExactly(record(1));
        assertThat(alone.sizeBytes()).as("its batch counts its real size").isEqualTo(oversized);

        assertThat(accumulator.msUntilReady(T0)).as("the records after it form a batch of their own, lingering")
                .isEqualTo(LINGER_MS);
        ProducerBatch after = accumulator.pollReady(T0 + LINGER_MS);
        assertThat(recordsOf(after)).as("the records after the large one, batched together")
                .containsExactly(record(2), record(3));
    }

    @Test
    public void aRecordLargerThanBatchSizeIntoAnEmptyAccumulatorIsReadyAtOnce() {
        append(accumulator, record(0), BATCH_SIZE + 1, T0);

        assertThat(accumulator.pollReady(T0)).as("a batch over batch.size is full from its first record").isNotNull();
    }

    @Test
    public void batchSizeZeroSendsEveryRecordAlone() {
        RecordAccumulator unbatched = accumulator(0, MAX_RECORDS, LINGER_MS);
        for (int i = 0; i < 3; i++) {
            append(unbatched, record(i), SMALL, T0);
        }

        for (int i = 0; i < 3; i++) {
            ProducerBatch batch = unbatched.pollReady(T0);
            assertThat(batch).as("batch %d with batch.size=0, before any linger", i).isNotNull();
            assertThat(recordsOf(batch)).as("batch %d with batch.size=0", i).containsExactly(record(i));
        }
    }

    @Test
    public void batchMaxRecordsBoundsTheCountAndAFullBatchIsReadyBeforeLinger() {
        int maxRecords = 3;
        int total = 7;
        RecordAccumulator counted = accumulator(BATCH_SIZE, maxRecords, LINGER_MS);
        for (int i = 0; i < total; i++) {
            append(counted, record(i), 1, T0);
        }

        assertThat(counted.pollReady(T0).recordCount()).as("first batch, full by count").isEqualTo(maxRecords);
        assertThat(counted.pollReady(T0).recordCount()).as("second batch, full by count").isEqualTo(maxRecords);
        assertThat(counted.pollReady(T0)).as("the last batch, one record, still lingering").isNull();
        assertThat(counted.pollReady(T0 + LINGER_MS).recordCount()).as("the last batch").isEqualTo(total - 2 * maxRecords);
    }

    @Test
    public void aNewBatchMakesThePreviousOneReadyBeforeItsLingerEnds() {
        append(accumulator, record(0), BATCH_SIZE - SMALL, T0);
        assertThat(accumulator.pollReady(T0)).as("alone, the batch with room left lingers").isNull();

        append(accumulator, record(1), 2 * SMALL, T0); // does not fit: starts a second batch

        assertThat(accumulator.msUntilReady(T0)).as("a batch with another behind it").isZero();
        assertThat(recordsOf(accumulator.pollReady(T0))).as("the first batch").containsExactly(record(0));
        assertThat(accumulator.msUntilReady(T0)).as("the second batch, now alone, lingers").isEqualTo(LINGER_MS);
    }

    // ---- order ----

    @Test
    public void batchesLeaveInAppendOrderAndOffsetsFollowSendOrder() {
        int total = 25;
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        List<LogRecord> sent = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            sent.add(record(i));
            futures.add(append(accumulator, record(i), 3 * SMALL, T0)); // three to a batch
        }

        List<LogRecord> drained = new ArrayList<>();
        long nextOffset = 0;
        for (ProducerBatch batch : drainAll(accumulator, T0)) {
            drained.addAll(recordsOf(batch));
            batch.complete(nextOffset); // a broker storing batches densely, in the order it receives them
            nextOffset += batch.recordCount();
        }

        assertThat(drained).as("records across batches, in the order they leave").containsExactlyElementsOf(sent);
        for (int i = 0; i < total; i++) {
            assertThat(futures.get(i).join().offset()).as("offset of the record sent %dth", i).isEqualTo(i);
        }
    }

    // ---- flush, close, abort ----

    @Test
    public void flushMakesALingeringBatchReadyAtOnceAndCompletesWhenItIsAnswered() {
        append(accumulator, record(0), SMALL, T0);

        CompletableFuture<Void> flushed = accumulator.beginFlush();

        assertThat(accumulator.msUntilReady(T0)).as("during a flush, a lingering batch is ready").isZero();
        ProducerBatch batch = accumulator.pollReady(T0);
        assertThat(batch).as("pollReady during a flush, before the linger ends").isNotNull();
        assertThat(flushed).as("the flush, batch drained but not answered").isNotDone();

        batch.complete(0);

        assertThat(flushed).as("the flush, once its batch is answered").isCompleted();
        accumulator.endFlush();
        append(accumulator, record(1), SMALL, T0);
        assertThat(accumulator.msUntilReady(T0)).as("after the flush ended, a lone batch lingers again")
                .isEqualTo(LINGER_MS);
    }

    @Test
    public void aFlushWithNothingBufferedIsCompleteAtOnce() {
        assertThat(accumulator.beginFlush()).as("flush of an empty accumulator").isCompleted();
    }

    @Test
    public void aFlushDoesNotWaitForRecordsAppendedAfterIt() {
        append(accumulator, record(0), SMALL, T0);
        CompletableFuture<Void> flushed = accumulator.beginFlush();
        accumulator.pollReady(T0).complete(0);

        append(accumulator, record(1), SMALL, T0);

        assertThat(flushed).as("a flush waits for the records before it only").isCompleted();
    }

    @Test
    public void closeMakesEveryBatchReadyAndRefusesNewRecords() {
        append(accumulator, record(0), SMALL, T0);

        accumulator.close();

        assertThat(accumulator.isClosed()).as("isClosed after close").isTrue();
        assertThat(accumulator.msUntilReady(T0)).as("after close, a lingering batch is ready").isZero();
        assertThat(recordsOf(accumulator.pollReady(T0))).as("the batch accepted before close").containsExactly(record(0));

        CompletableFuture<RecordMetadata> refused = append(accumulator, record(1), SMALL, T0);

        assertThat(causeOf(refused)).as("the future append returns after close, already failed")
                .isInstanceOf(DisconnectedException.class)
                .hasMessageContaining("closed");
        assertThat(accumulator.isEmpty()).as("isEmpty: a refused record starts no batch").isTrue();
        assertThat(accumulator.bufferedRecords()).as("bufferedRecords: the refused record is not counted").isOne();
    }

    @Test
    public void abortFailsWaitingAndDrainedBatchesAndCompletesAPendingFlush() {
        CompletableFuture<RecordMetadata> inFlight = append(accumulator, record(0), BATCH_SIZE, T0);
        ProducerBatch drained = accumulator.pollReady(T0);
        CompletableFuture<RecordMetadata> waiting = append(accumulator, record(1), SMALL, T0);
        CompletableFuture<Void> flushed = accumulator.beginFlush();
        DisconnectedException cause = new DisconnectedException("I/O thread died");

        accumulator.abort(cause);

        assertThat(drained.isDone()).as("the drained, unanswered batch").isTrue();
        assertThat(causeOf(inFlight)).as("failure of the record drained but not answered").isSameAs(cause);
        assertThat(causeOf(waiting)).as("failure of the record still waiting").isSameAs(cause);
        assertThat(flushed).as("a flush pending when the accumulator aborts").isCompleted();
        assertThat(accumulator.isEmpty()).as("isEmpty after abort").isTrue();
        assertThat(accumulator.isClosed()).as("isClosed after abort").isTrue();
        assertThat(accumulator.bufferedBytes()).as("bufferedBytes after abort").isZero();
        assertThat(accumulator.bufferedRecords()).as("bufferedRecords after abort").isZero();
    }

    @Test
    public void aRecordAppendedAfterAbortFailsAtOnceNamingTheAbortAndKeepingItAsTheCause() {
        IllegalStateException bug = new IllegalStateException("a bug in the sender");
        DisconnectedException cause = new DisconnectedException("producer I/O thread failed: " + bug, bug);
        accumulator.abort(cause);

        CompletableFuture<RecordMetadata> refused = append(accumulator, record(0), SMALL, T0);

        assertThat(causeOf(refused)).as("the future append returns after abort, already failed")
                .isInstanceOf(DisconnectedException.class)
                .hasMessageContaining("aborted")
                .hasMessageContaining("producer I/O thread failed")
                .cause().isSameAs(cause);
        assertThat(accumulator.isEmpty()).as("isEmpty: a refused record starts no batch").isTrue();
        assertThat(accumulator.bufferedBytes()).as("bufferedBytes: the refused record is not counted").isZero();
        assertThat(accumulator.bufferedRecords()).as("bufferedRecords: the refused record is not counted").isZero();
    }

    @Test
    public void anAnswerThatComesAfterAbortChangesNothing() {
        CompletableFuture<RecordMetadata> future = append(accumulator, record(0), SMALL, T0);
        ProducerBatch batch = accumulator.pollReady(T0 + LINGER_MS);
        DisconnectedException cause = new DisconnectedException("aborted");
        accumulator.abort(cause);

        batch.complete(0);

        assertThat(causeOf(future)).as("the record's future keeps the abort's failure").isSameAs(cause);
        assertThat(accumulator.bufferedRecords()).as("bufferedRecords, released once only").isZero();
    }

    // ---- gauges ----

    @Test
    public void bufferedBytesAndRecordsRiseOnAppendAndFallToZeroWhenBatchesCompleteOrFail() {
        int first = 3 * SMALL;
        int second = 4 * SMALL;
        int third = 5 * SMALL; // does not fit with the other two: a second batch
        append(accumulator, record(0), first, T0);
        append(accumulator, record(1), second, T0);
        assertThat(accumulator.bufferedBytes()).as("bufferedBytes after two appends").isEqualTo(first + second);
        assertThat(accumulator.bufferedRecords()).as("bufferedRecords after two appends").isEqualTo(2);
        append(accumulator, record(2), third, T0);
        assertThat(accumulator.bufferedBytes()).as("bufferedBytes after three appends").isEqualTo(first + second + third);
        assertThat(accumulator.bufferedRecords()).as("bufferedRecords after three appends").isEqualTo(3);

        ProducerBatch completed = accumulator.pollReady(T0);
        assertThat(accumulator.bufferedBytes()).as("bufferedBytes: drained is still buffered").isEqualTo(first + second + third);
        completed.complete(0);
        assertThat(accumulator.bufferedBytes()).as("bufferedBytes after the first batch completed").isEqualTo(third);
        assertThat(accumulator.bufferedRecords()).as("bufferedRecords after the first batch completed").isEqualTo(1);

        accumulator.pollReady(T0 + LINGER_MS).fail(new DisconnectedException("lost"));
        assertThat(accumulator.bufferedBytes()).as("bufferedBytes after the second batch failed").isZero();
        assertThat(accumulator.bufferedRecords()).as("bufferedRecords after the second batch failed").isZero();
    }

    @Test
    public void whenAFlushCompletesNothingIsCountedAsBufferedAnyMore() {
        append(accumulator, record(0), SMALL, T0);
        CompletableFuture<Void> flushed = accumulator.beginFlush();
        AtomicLong bytesSeenByTheFlush = new AtomicLong(-1);
        AtomicLong recordsSeenByTheFlush = new AtomicLong(-1);
        flushed.thenRun(() -> {
            bytesSeenByTheFlush.set(accumulator.bufferedBytes());
            recordsSeenByTheFlush.set(accumulator.bufferedRecords());
        });

        accumulator.pollReady(T0).complete(0);

        assertThat(bytesSeenByTheFlush.get())
                .as("buffered.bytes seen when the flush completes: a batch's gauges are released before any of "
                        + "its futures (or the flush waiting on it) completes, so whoever an acknowledgement wakes "
                        + "reads them already lowered")
                .isZero();
        assertThat(recordsSeenByTheFlush.get()).as("buffered.records seen when the flush completes").isZero();
    }

    // ---- wakeups of the I/O thread (a hang, not a timing, is what the timeout guards) ----

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    public void startingABatchWakesTheIoThread() throws InterruptedException {
        accumulator.awaitWakeup(0); // clear the constructor's state, as the I/O thread's first wait does

        append(accumulator, record(0), SMALL, T0);

        accumulator.awaitWakeup(Long.MAX_VALUE); // returns at once: a batch started since the last wait
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    public void fillingABatchFlushingAndClosingEachWakeTheIoThread() throws InterruptedException {
        append(accumulator, record(0), SMALL, T0);
        accumulator.awaitWakeup(0);

        append(accumulator, record(1), BATCH_SIZE - SMALL, T0); // fills the open batch
        accumulator.awaitWakeup(Long.MAX_VALUE);

        accumulator.beginFlush();
        accumulator.awaitWakeup(Long.MAX_VALUE);

        accumulator.close();
        accumulator.awaitWakeup(Long.MAX_VALUE);
    }

    @Test
    public void theConstructorRefusesNoRecordsPerBatchAndANegativeLinger() {
        assertThatThrownBy(() -> accumulator(BATCH_SIZE, 0, LINGER_MS)).as("batch.max.records=0")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBatchRecords");
        assertThatThrownBy(() -> accumulator(BATCH_SIZE, MAX_RECORDS, -1)).as("linger.ms=-1")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lingerMs");
    }

    // ---- helpers ----

    private static final MessageCodec CODEC = JsonCodec.INSTANCE;

    /** An accumulator whose batches keep records as stage 1 does: objects, encoded when sent. */
    static RecordAccumulator accumulator(int batchSizeBytes, int maxBatchRecords, long lingerMs) {
        return new RecordAccumulator(batchSizeBytes, maxBatchRecords, lingerMs, LogRecordList.encodedAtSendBy(CODEC));
    }

    static CompletableFuture<RecordMetadata> append(RecordAccumulator accumulator, LogRecord record, int recordBytes,
                                                    long nowMs) {
        return accumulator.append(record.key(), record.value(), record.timestampMs(), recordBytes, nowMs);
    }

    /** A batch's records as the broker would read them: its request body, decoded. */
    static List<LogRecord> recordsOf(ProducerBatch batch) {
        ByteBuf body = batch.requestBody(ProduceRequest.NO_PRODUCER_ID, ProduceRequest.NO_SEQUENCE);
        try {
            return CODEC.decode(ProduceRequest.class, body).records();
        } finally {
            body.release();
        }
    }

    /** A record told apart from the others by its value; equal records for equal {@code i}. */
    static LogRecord record(int i) {
        return new LogRecord(new byte[0], ("record-" + i).getBytes(StandardCharsets.UTF_8), T0);
    }

    /** Every batch, in the order the I/O thread would take them, made ready by a flush. */
    private static List<ProducerBatch> drainAll(RecordAccumulator accumulator, long nowMs) {
        accumulator.beginFlush();
        List<ProducerBatch> batches = new ArrayList<>();
        for (ProducerBatch batch = accumulator.pollReady(nowMs); batch != null; batch = accumulator.pollReady(nowMs)) {
            batches.add(batch);
        }
        accumulator.endFlush();
        return batches;
    }

    static Throwable causeOf(CompletableFuture<?> future) {
        assertThat(future).as("a future expected to have failed").isCompletedExceptionally();
        try {
            future.join();
            throw new AssertionError("unreachable: the future failed");
        } catch (CompletionException e) {
            return e.getCause();
        }
    }
}
