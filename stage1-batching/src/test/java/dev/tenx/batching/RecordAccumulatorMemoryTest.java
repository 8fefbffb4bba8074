package dev.tenx.batching;

import static dev.tenx.batching.RecordAccumulatorTest.append;
import static dev.tenx.batching.RecordAccumulatorTest.causeOf;
import static dev.tenx.batching.RecordAccumulatorTest.record;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tenx.common.errors.DisconnectedException;
import dev.tenx.common.errors.TimeoutException;
import dev.tenx.common.spi.RecordMetadata;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The accumulator's two seams for the backpressure stage, driven by hand: each record's memory is
 * taken from a {@link BufferMemory} before it is appended, outside the accumulator's lock, and
 * given back exactly once when its batch completes or fails; a memory that refuses fails the
 * record's future and appends nothing; {@link RecordAccumulator#expireWaiting} takes out every
 * batch old enough, the open one included, and records sent after it start a new batch.
 */
class RecordAccumulatorMemoryTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final long LINGER_MS = 5;
    private static final int BATCH_SIZE = 1_000;
    private static final int SMALL = 100;

    /** Counts what is taken and given back, and checks that it is never asked while the accumulator's lock is held. */
    private static final class CountingMemory implements BufferMemory {
        final AtomicLong taken = new AtomicLong();
        RecordAccumulator accumulator;
        RuntimeException refuseWith;
        boolean closed;

        @Override
        public void allocate(int bytes) {
            assertThat(Thread.holdsLock(accumulator)).as("allocate called under the accumulator's lock").isFalse();
            if (refuseWith != null) {
                throw refuseWith;
            }
            taken.addAndGet(bytes);
        }

        @Override
        public void release(long bytes) {
            taken.addAndGet(-bytes);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private final CountingMemory memory = new CountingMemory();
    private final RecordAccumulator accumulator = new RecordAccumulator(BATCH_SIZE, 1_000, LINGER_MS,
            LogRecordList.encodedAtSendBy(dev.tenx.common.wire.JsonCodec.INSTANCE), memory);

    {
        memory.accumulator = accumulator;
    }

    @Test
    public void memoryIsTakenPerRecordAndGivenBackOnceWhenItsBatchCompletes() {
        append(accumulator, record(0), SMALL, T0);
        append(accumulator, record(1), SMALL, T0);
        assertThat(memory.taken).as("bytes taken for two records").hasValue(2 * SMALL);

        ProducerBatch batch = accumulator.pollReady(T0 + LINGER_MS);
        batch.complete(0);
        batch.fail(new DisconnectedException("a second completion, ignored"));

        assertThat(memory.taken).as("bytes taken once the batch completed (and a second completion was ignored)")
                .hasValue(0);
    }

    @Test
    public void aMemoryThatRefusesFailsTheRecordAndAppendsNothing() {
        memory.refuseWith = new TimeoutException("no memory within max.block.ms");

        CompletableFuture<RecordMetadata> future = append(accumulator, record(0), SMALL, T0);

        assertThat(causeOf(future)).as("the refused record's failure").isSameAs(memory.refuseWith);
        assertThat(accumulator.isEmpty()).as("nothing appended").isTrue();
        assertThat(accumulator.bufferedBytes()).as("buffered bytes").isZero();
    }

    @Test
    public void aRecordRefusedByAClosedAccumulatorGivesItsMemoryBackAndCloseClosesTheMemory() {
        accumulator.close();

        CompletableFuture<RecordMetadata> future = append(accumulator, record(0), SMALL, T0);

        assertThat(causeOf(future)).isInstanceOf(DisconnectedException.class);
        assertThat(memory.taken).as("bytes taken by a record the closed accumulator refused").hasValue(0);
        assertThat(memory.closed).as("the memory told the producer is closing").isTrue();
    }

    @Test
    public void expireWaitingTakesOutEveryBatchOldEnoughTheOpenOneIncluded() {
        CompletableFuture<RecordMetadata> old = append(accumulator, record(0), BATCH_SIZE, T0);
        CompletableFuture<RecordMetadata> open = append(accumulator, record(1), SMALL, T0 + 1);
        append(accumulator, record(2), SMALL, T0 + 1);
        assertThat(accumulator.oldestWaitingCreatedMs()).isEqualTo(T0);

        List<ProducerBatch> expired = accumulator.expireWaiting(T0 + 1);
        expired.forEach(batch -> batch.fail(new TimeoutException("delivery.timeout.ms")));
        CompletableFuture<RecordMetadata> after = append(accumulator, record(3), SMALL, T0 + 2);

        assertThat(expired).as("batches expired, oldest first").hasSize(2);
        assertThat(causeOf(old)).isInstanceOf(TimeoutException.class);
        assertThat(causeOf(open)).isInstanceOf(TimeoutException.class);
        assertThat(after).as("a record sent after the expiry").isNotDone();
        assertThat(accumulator.oldestWaitingCreatedMs()).as("the new batch's creation").isEqualTo(T0 + 2);
        assertThat(memory.taken).as("bytes still taken: the new record's only").hasValue(SMALL);
        assertThat(accumulator.expireWaiting(T0 + 1)).as("a second expiry at the same time").isEmpty();
    }
}
