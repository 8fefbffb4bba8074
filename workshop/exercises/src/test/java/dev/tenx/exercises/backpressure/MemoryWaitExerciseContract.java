package dev.tenx.exercises.backpressure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenx.backpressure.BoundedMemory;
import dev.tenx.backpressure.BufferExhaustedException;
import dev.tenx.common.errors.DisconnectedException;
import dev.tenx.common.errors.RecordTooLargeException;
import dev.tenx.common.errors.TimeoutException;
import dev.tenx.common.testing.ManualClock;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the producer's bounded memory must do (exercise 6, {@link MemoryWaitExercise}). Each
 * {@code send()} runs on a thread of its own, so that the test can watch it wait; the test
 * learns that it waits from {@link BoundedMemory#waiting()}, and makes {@code max.block.ms} pass
 * by moving a manual clock and giving back a byte, which wakes the waiters to look at the clock.
 * No sleep; every wait for a sender is bounded ({@value #WAIT_SECONDS} s) and fails at once if
 * the sender returned where it should have waited.
 */
abstract class MemoryWaitExerciseContract {

    private static final long TOTAL = 1_000;
    private static final long MAX_BLOCK_MS = 60_000;
    private static final long WAIT_SECONDS = 10;
    /** How often the test looks whether a sender has started to wait: never a wait for time to pass. */
    private static final long POLL_NANOS = Duration.ofMillis(1).toNanos();

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final List<Thread> senders = new ArrayList<>();
    private BoundedMemory memory;

    /** The bounded memory under test: {@code buffer.memory}, {@code max.block.ms}, and the clock its deadlines are read from. */
    protected abstract BoundedMemory newMemory(long totalBytes, long maxBlockMs, Clock clock);

    @BeforeEach
    void newPool() {
        memory = newMemory(TOTAL, MAX_BLOCK_MS, clock);
    }

    @AfterEach
    void stopTheSenders() throws InterruptedException {
        try {
            memory.close();
        } catch (RuntimeException e) {
            // the test has failed already; the senders are what must not outlive it
        }
        for (Thread sender : senders) {
            sender.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            sender.interrupt();
        }
    }

    @Test
    void memoryWithinTheBoundIsTakenAtOnceAndGivenBack() throws Exception {
        takeAtOnce(600);
        takeAtOnce(400);
        assertThat(memory.availableBytes()).as("availableBytes() after taking 600 and 400 of 1000").isZero();
        assertThat(memory.waiting()).as("waiting()").isZero();

        memory.release(1_000);

        assertThat(memory.availableBytes()).as("availableBytes() after giving 1000 back").isEqualTo(TOTAL);
    }

    @Test
    void withMaxBlockZeroAFullPoolFailsTheRecordAtOnceNamingTheNumbers() throws Exception {
        memory = newMemory(TOTAL, 0, clock);
        takeAtOnce(900);

        assertThat(failureOf(send(200), "allocate(200) with 100 free and max.block.ms=0"))
                .isInstanceOf(BufferExhaustedException.class)
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining("max.block.ms=0")
                .hasMessageContaining("200 bytes")
                .hasMessageContaining("buffer.memory=1000")
                .hasMessageContaining("availableBytes=100");
        assertThat(memory.availableBytes()).as("availableBytes() after the refusal: it took nothing").isEqualTo(100);
    }

    @Test
    void aWaitingSendGetsItsMemoryWhenABatchGivesSomeBack() throws Exception {
        takeAtOnce(1_000);
        CompletableFuture<Void> waiting = send(300);
        awaitWaiting(1, waiting);

        memory.release(300);

        assertCompletes(waiting, "allocate(300), once 300 were given back");
        assertThat(memory.availableBytes()).as("availableBytes()").isZero();
        assertThat(memory.waiting()).as("waiting()").isZero();
    }

    @Test
    void aWaitingSendFailsOnceMaxBlockMsHasPassedOnTheClock() throws Exception {
        takeAtOnce(1_000);
        CompletableFuture<Void> waiting = send(300);
        awaitWaiting(1, waiting);

        clock.advanceMs(MAX_BLOCK_MS - 1);
        memory.release(1); // wakes it: not enough, and 1 ms left
        assertThat(memory.waiting()).as("waiting() 1 ms before max.block.ms").isEqualTo(1);
        clock.advanceMs(1);
        memory.release(1);

        assertThat(failureOf(waiting, "allocate(300) once max.block.ms passed on the clock"))
                .isInstanceOf(BufferExhaustedException.class)
                .hasMessageContaining("max.block.ms=" + MAX_BLOCK_MS);
        assertThat(memory.availableBytes()).as("availableBytes(): the failed send took nothing").isEqualTo(2);
        assertThat(memory.waiting()).as("waiting()").isZero();
    }

    @Test
    void aSmallRecordDoesNotOvertakeALargeOneWaitingAheadOfIt() throws Exception {
        takeAtOnce(900);
        CompletableFuture<Void> large = send(500);
        awaitWaiting(1, large);
        CompletableFuture<Void> small = send(50);
        awaitWaiting(2, small);

        assertThat(small).as("allocate(50), which would fit in the 100 free, behind a wait for 500").isNotDone();

        memory.release(450);

        assertCompletes(large, "allocate(500), first in line");
        assertCompletes(small, "allocate(50), behind it");
        assertThat(memory.availableBytes()).as("100 free + 450 given back - 500 - 50").isZero();
    }

    @Test
    void aReleaseThatFreesEnoughForTwoWaitersServesBoth() throws Exception {
        takeAtOnce(1_000);
        CompletableFuture<Void> first = send(300);
        awaitWaiting(1, first);
        CompletableFuture<Void> second = send(200);
        awaitWaiting(2, second);

        memory.release(500);

        assertCompletes(first, "allocate(300), first in line");
        assertCompletes(second, "allocate(200), woken once the first took its bytes");
        assertThat(memory.availableBytes()).as("availableBytes()").isZero();
    }

    @Test
    void aWaiterThatGivesUpLetsTheNextOneIn() throws Exception {
        takeAtOnce(900);
        CompletableFuture<Void> large = send(500);
        awaitWaiting(1, large);
        clock.advanceMs(10);
        CompletableFuture<Void> small = send(50);
        awaitWaiting(2, small);

        clock.advanceMs(MAX_BLOCK_MS - 10); // the large one's deadline; the small one has 10 ms left
        memory.release(1);

        assertThat(failureOf(large, "allocate(500), at its deadline")).isInstanceOf(BufferExhaustedException.class);
        assertCompletes(small, "allocate(50), first in line once the large one gave up, with 101 free");
        assertThat(memory.availableBytes()).as("availableBytes()").isEqualTo(51);
    }

    @Test
    void aRecordLargerThanBufferMemoryCanNeverBeAccepted() throws Exception {
        assertThat(failureOf(send((int) TOTAL + 1), "allocate(buffer.memory + 1)"))
                .isInstanceOf(RecordTooLargeException.class)
                .hasMessageContaining("buffer.memory=" + TOTAL);

        takeAtOnce((int) TOTAL);
        assertThat(memory.availableBytes()).as("availableBytes() after taking all of buffer.memory").isZero();
    }

    @Test
    void closingFailsEveryWaitingSendAndEverySendAfter() throws Exception {
        takeAtOnce(1_000);
        CompletableFuture<Void> waiting = send(300);
        awaitWaiting(1, waiting);

        memory.close();

        assertThat(failureOf(waiting, "allocate(300), waiting when the producer closed"))
                .isInstanceOf(DisconnectedException.class).hasMessageContaining("closed");
        memory.release(1_000);
        assertThat(failureOf(send(1), "allocate(1) after close, with all of buffer.memory free"))
                .isInstanceOf(DisconnectedException.class);
    }

    @Test
    void givingBackMoreThanWasTakenIsABug() throws Exception {
        takeAtOnce(100);
        memory.release(100);
        assertThat(memory.availableBytes()).as("availableBytes() after giving back what was taken").isEqualTo(TOTAL);

        assertThatThrownBy(() -> memory.release(1)).as("release(1) with nothing taken")
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("buffer.memory=" + TOTAL);
    }

    /** {@code allocate(bytes)} on a thread of its own: the future completes when it returns, or fails with what it threw. */
    private CompletableFuture<Void> send(int bytes) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread sender = new Thread(() -> {
            try {
                memory.allocate(bytes);
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, "exercise-send-" + bytes);
        sender.setDaemon(true);
        senders.add(sender);
        sender.start();
        return done;
    }

    private void takeAtOnce(int bytes) throws InterruptedException {
        assertCompletes(send(bytes), "allocate(" + bytes + "), with enough free and nobody waiting");
    }

    /** Returns once {@code count} sends wait; fails at once if one of {@code sends} returned instead. */
    private void awaitWaiting(int count, CompletableFuture<?>... sends) {
        long deadlineNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (memory.waiting() < count) {
            for (CompletableFuture<?> send : sends) {
                if (send.isDone()) {
                    throw new AssertionError("a send() that should wait for memory did not: it "
                            + (send.isCompletedExceptionally() ? "failed with " + send.handle((v, e) -> e).join()
                            : "returned") + "; availableBytes()=" + memory.availableBytes() + ", waiting()="
                            + memory.waiting() + ", expected waiting()=" + count);
                }
            }
            if (System.nanoTime() - deadlineNanos > 0) {
                throw new AssertionError("waiting()=" + memory.waiting() + " after " + WAIT_SECONDS + " s, expected "
                        + count + "; sends still running: " + Arrays.toString(sends));
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    private static void assertCompletes(CompletableFuture<Void> send, String what) throws InterruptedException {
        try {
            send.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(what + ": failed with " + e.getCause(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError(what + ": still waiting after " + WAIT_SECONDS + " s");
        }
    }

    private static Throwable failureOf(CompletableFuture<Void> send, String what) throws InterruptedException {
        try {
            send.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError(what + ": still waiting after " + WAIT_SECONDS + " s, expected it to fail");
        }
        throw new AssertionError(what + ": returned, expected it to fail");
    }
}
