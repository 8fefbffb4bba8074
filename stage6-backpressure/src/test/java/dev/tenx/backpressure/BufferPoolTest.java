package dev.tenx.backpressure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenx.common.errors.DisconnectedException;
import dev.tenx.common.errors.RecordTooLargeException;
import dev.tenx.common.errors.TimeoutException;
import dev.tenx.common.testing.ManualClock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The producer's bounded memory: room is taken at once while there is some; without it a
 * {@code send()} waits, first come first served, until memory comes back or {@code max.block.ms}
 * passes on the injected clock, and then fails with a {@link BufferExhaustedException} that names
 * the numbers. No sleep: a waiter's deadline passes when the test moves the manual clock and gives
 * back a byte, which wakes the waiter to look at the clock.
 */
@Timeout(10)
class BufferPoolTest {

    private static final long TOTAL = 1_000;
    private static final long MAX_BLOCK_MS = 60_000;
    /** How often the test looks whether a sender has started to wait: never a wait for time to pass. */
    private static final long POLL_NANOS = Duration.ofMillis(1).toNanos();

    private final ManualClock clock = new ManualClock(0);
    private final BufferPool pool = new BufferPool(TOTAL, MAX_BLOCK_MS, clock);

    @Test
    void memoryWithinTheBoundIsTakenAtOnceAndGivenBack() {
        pool.allocate(600);
        pool.allocate(400);
        assertThat(pool.availableBytes()).isZero();

        pool.release(1_000);
        assertThat(pool.availableBytes()).isEqualTo(TOTAL);
    }

    @Test
    void withMaxBlockZeroAFullPoolFailsTheRecordAtOnceNamingTheNumbers() {
        BufferPool noWait = new BufferPool(TOTAL, 0, clock);
        noWait.allocate(900);

        assertThatThrownBy(() -> noWait.allocate(200))
                .isInstanceOf(BufferExhaustedException.class)
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining("max.block.ms=0")
                .hasMessageContaining("200 bytes")
                .hasMessageContaining("buffer.memory=1000")
                .hasMessageContaining("availableBytes=100");
    }

    @Test
    void aWaitingSendGetsItsMemoryWhenABatchGivesSomeBack() throws Exception {
        pool.allocate(1_000);
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> pool.allocate(300));
        awaitWaiters(1);

        pool.release(300);

        waiting.get(5, TimeUnit.SECONDS);
        assertThat(pool.availableBytes()).isZero();
    }

    @Test
    void aWaitingSendFailsOnceMaxBlockMsHasPassedOnTheClock() throws Exception {
        pool.allocate(1_000);
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> pool.allocate(300));
        awaitWaiters(1);

        clock.advanceMs(MAX_BLOCK_MS - 1);
        pool.release(1); // wakes it: not enough, and 1 ms left
        assertThat(pool.waiting()).as("waiters 1 ms before max.block.ms").isEqualTo(1);
        clock.advanceMs(1);
        pool.release(1);

        assertThat(failureOf(waiting)).isInstanceOf(BufferExhaustedException.class)
                .hasMessageContaining("max.block.ms=" + MAX_BLOCK_MS);
        assertThat(pool.availableBytes()).as("the failed send took nothing").isEqualTo(2);
    }

    @Test
    void aSmallRecordDoesNotOvertakeALargeOneWaitingAheadOfIt() throws Exception {
        pool.allocate(900);
        CompletableFuture<Void> large = CompletableFuture.runAsync(() -> pool.allocate(500));
        awaitWaiters(1);
        CompletableFuture<Void> small = CompletableFuture.runAsync(() -> pool.allocate(50));
        awaitWaiters(2);

        assertThat(small).as("the small record, which would fit in the 100 bytes free").isNotDone();

        pool.release(450);

        large.get(5, TimeUnit.SECONDS);
        small.get(5, TimeUnit.SECONDS);
        assertThat(pool.availableBytes()).as("100 free + 450 given back - 500 - 50").isZero();
    }

    @Test
    void aRecordLargerThanBufferMemoryCanNeverBeAccepted() {
        assertThatThrownBy(() -> pool.allocate((int) TOTAL + 1))
                .isInstanceOf(RecordTooLargeException.class).hasMessageContaining("buffer.memory=" + TOTAL);
    }

    @Test
    void closingFailsEveryWaitingSendAndEverySendAfter() throws Exception {
        pool.allocate(1_000);
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> pool.allocate(300));
        awaitWaiters(1);

        pool.close();

        assertThat(failureOf(waiting)).isInstanceOf(DisconnectedException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> pool.allocate(1)).isInstanceOf(DisconnectedException.class);
    }

    @Test
    void givingBackMoreThanWasTakenIsABug() {
        assertThatThrownBy(() -> pool.release(1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("released more than was taken");
    }

    private void awaitWaiters(int count) {
        while (pool.waiting() < count) {
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    private static Throwable failureOf(CompletableFuture<?> future) throws Exception {
        try {
            future.get(5, TimeUnit.SECONDS);
            throw new AssertionError("expected the send to fail");
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }
}
