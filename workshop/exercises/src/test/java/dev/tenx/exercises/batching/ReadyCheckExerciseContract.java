package dev.tenx.exercises.batching;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenx.batching.ReadyCheck;
import dev.tenx.common.testing.ManualClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a ready check must answer (exercise 1, {@link ReadyCheckExercise}). Each test asks about
 * batches on both sides of one rule, so that a check that gives the same answer whatever it is
 * asked fails every one. Time is read from a manual clock, moved by the test; nothing sleeps.
 */
abstract class ReadyCheckExerciseContract {

    /** An epoch time, as a producer's clock gives: arithmetic on it overflows where real times would. */
    private static final long T0 = 1_700_000_000_000L;
    private static final long LINGER_MS = 5;
    private static final int BATCH_SIZE = 1_000;
    private static final int MAX_RECORDS = 10;
    /** Bytes of one record that never fills a batch of {@link #BATCH_SIZE} on its own. */
    private static final int SMALL = 10;
    private static final long A_YEAR_MS = 365L * 24 * 60 * 60 * 1000;

    private final ManualClock clock = new ManualClock(T0);
    private ReadyCheck check;

    /** The ready check under test, for this {@code batch.size}, {@code batch.max.records} and {@code linger.ms}. */
    protected abstract ReadyCheck newCheck(int batchSizeBytes, int maxBatchRecords, long lingerMs);

    @BeforeEach
    void newDefaultCheck() {
        check = newCheck(BATCH_SIZE, MAX_RECORDS, LINGER_MS);
    }

    @Test
    void aLoneRecordWaitsForWhatIsLeftOfItsLingerAndThenGoes() {
        long createdMs = clock.millis();
        assertThat(waitingMs(check, createdMs)).as("a lone record just sent: all of linger.ms is left")
                .isEqualTo(LINGER_MS);
        clock.advanceMs(2);
        assertThat(waitingMs(check, createdMs)).as("2 ms later").isEqualTo(LINGER_MS - 2);
        clock.advanceMs(LINGER_MS - 3);
        assertThat(waitingMs(check, createdMs)).as("1 ms before linger.ms is over").isEqualTo(1);
        clock.advanceMs(1);
        assertThat(waitingMs(check, createdMs)).as("linger.ms after its first record: ready").isZero();
        clock.advanceMs(1_000);
        assertThat(waitingMs(check, createdMs)).as("long after: still ready").isZero();
    }

    @Test
    void lingerCountsFromTheBatchsFirstRecord() {
        long createdMs = clock.millis();
        clock.advanceMs(LINGER_MS);
        assertThat(waitingMs(check, createdMs)).as("a batch started linger.ms ago").isZero();
        assertThat(waitingMs(check, clock.millis() - 2)).as("a batch started 2 ms ago").isEqualTo(LINGER_MS - 2);
    }

    @Test
    void aBatchIsFullAtBatchSizeBytes() {
        assertThat(check.isFull(BATCH_SIZE - 1, 2)).as("isFull one byte short of batch.size=%d", BATCH_SIZE).isFalse();
        assertThat(check.isFull(BATCH_SIZE, 2)).as("isFull at batch.size=%d bytes", BATCH_SIZE).isTrue();
        assertThat(check.msUntilReady(clock.millis(), clock.millis(), BATCH_SIZE - 1, 2, false, false))
                .as("msUntilReady one byte short of batch.size, just created: it lingers").isEqualTo(LINGER_MS);
        assertThat(check.msUntilReady(clock.millis(), clock.millis(), BATCH_SIZE, 2, false, false))
                .as("msUntilReady at batch.size, just created: a full batch goes at once").isZero();
    }

    @Test
    void aBatchIsFullAtBatchMaxRecords() {
        int fewBytes = SMALL * MAX_RECORDS;
        assertThat(check.isFull(fewBytes, MAX_RECORDS - 1)).as("isFull one record short of batch.max.records=%d",
                MAX_RECORDS).isFalse();
        assertThat(check.isFull(fewBytes, MAX_RECORDS)).as("isFull at batch.max.records=%d records, %d bytes",
                MAX_RECORDS, fewBytes).isTrue();
        assertThat(check.msUntilReady(clock.millis(), clock.millis(), fewBytes, MAX_RECORDS - 1, false, false))
                .as("msUntilReady one record short of batch.max.records: it lingers").isEqualTo(LINGER_MS);
        assertThat(check.msUntilReady(clock.millis(), clock.millis(), fewBytes, MAX_RECORDS, false, false))
                .as("msUntilReady at batch.max.records: a full batch goes at once").isZero();
    }

    @Test
    void aLoneRecordLargerThanBatchSizeGoesAtOnce() {
        assertThat(check.isFull(3 * BATCH_SIZE, 1)).as("isFull for one record of 3 x batch.size").isTrue();
        assertThat(check.msUntilReady(clock.millis(), clock.millis(), 3 * BATCH_SIZE, 1, false, false))
                .as("msUntilReady for one record of 3 x batch.size: it will never have company, so it goes").isZero();
        assertThat(check.isFull(SMALL, 1)).as("isFull for one small record").isFalse();
    }

    @Test
    void aBatchWithAnotherStartedBehindItGoesAtOnce() {
        long now = clock.millis();
        assertThat(check.msUntilReady(now, now, SMALL, 1, true, false))
                .as("msUntilReady with a newer batch behind it: no record will join it any more").isZero();
        assertThat(check.msUntilReady(now, now, SMALL, 1, false, false))
                .as("msUntilReady of the same batch alone in the queue").isEqualTo(LINGER_MS);
    }

    @Test
    void aFlushOrACloseSendsABatchAtOnceWhateverItsLinger() {
        ReadyCheck waitForFlush = newCheck(BATCH_SIZE, MAX_RECORDS, Long.MAX_VALUE);
        long now = clock.millis();
        assertThat(waitForFlush.msUntilReady(now, now, SMALL, 1, false, true))
                .as("msUntilReady during a flush, linger.ms=Long.MAX_VALUE").isZero();
        assertThat(check.msUntilReady(now, now, SMALL, 1, false, true)).as("msUntilReady during a flush").isZero();
        assertThat(check.msUntilReady(now, now, SMALL, 1, false, false)).as("msUntilReady with no flush")
                .isEqualTo(LINGER_MS);
    }

    @Test
    void lingerZeroSendsALoneRecordAtOnce() {
        ReadyCheck noLinger = newCheck(BATCH_SIZE, MAX_RECORDS, 0);
        long now = clock.millis();
        assertThat(noLinger.msUntilReady(now, now, SMALL, 1, false, false)).as("msUntilReady with linger.ms=0")
                .isZero();
        assertThat(noLinger.isFull(SMALL, 1)).as("isFull with linger.ms=0: ready is not full").isFalse();
        assertThat(check.msUntilReady(now, now, SMALL, 1, false, false)).as("msUntilReady with linger.ms=%d",
                LINGER_MS).isEqualTo(LINGER_MS);
    }

    @Test
    void theLongestLingerKeepsALoneRecordWaitingWithoutOverflowing() {
        ReadyCheck waitForFlush = newCheck(BATCH_SIZE, MAX_RECORDS, Long.MAX_VALUE);
        long createdMs = clock.millis();
        clock.advanceMs(A_YEAR_MS);
        assertThat(waitingMs(waitForFlush, createdMs))
                .as("linger.ms=Long.MAX_VALUE, a year after the batch started at epoch ms %d (createdMs + "
                        + "linger.ms overflows: compare the time that passed with linger.ms instead)", createdMs)
                .isEqualTo(Long.MAX_VALUE - A_YEAR_MS);
    }

    @Test
    void aClockReadBehindTheBatchsStartNeverAddsToItsLinger() {
        long createdMs = clock.millis() + 3;
        assertThat(waitingMs(check, createdMs))
                .as("now is 3 ms before createdMs (another thread read the clock first): at most linger.ms")
                .isEqualTo(LINGER_MS);
        clock.advanceMs(3 + LINGER_MS);
        assertThat(waitingMs(check, createdMs)).as("linger.ms after createdMs").isZero();
    }

    @Test
    void batchSizeZeroSendsEveryRecordAlone() {
        ReadyCheck alone = newCheck(0, MAX_RECORDS, LINGER_MS);
        assertThat(alone.isFull(SMALL, 1)).as("isFull for one small record with batch.size=0").isTrue();
        assertThat(check.isFull(SMALL, 1)).as("isFull for the same record with batch.size=%d", BATCH_SIZE).isFalse();
    }

    /** How long a lone small record's batch, alone in the queue, still waits at the clock's time. */
    private long waitingMs(ReadyCheck readyCheck, long createdMs) {
        return readyCheck.msUntilReady(clock.millis(), createdMs, SMALL, 1, false, false);
    }
}
