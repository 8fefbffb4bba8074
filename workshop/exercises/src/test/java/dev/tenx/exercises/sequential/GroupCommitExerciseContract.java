package dev.tenx.exercises.sequential;

import static dev.tenx.exercises.sequential.ScriptedLog.WAIT_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tenx.sequential.Flusher;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What group commit must do (exercise 4, {@link GroupCommitExercise}), over a scripted log whose
 * forces the test counts and can hold inside the fsync, so that writes arrive while a force is
 * under way without any sleep. The flusher runs on a thread of the test's; every wait for it is
 * bounded ({@value ScriptedLog#WAIT_SECONDS} s), and fails at once if its thread died.
 */
abstract class GroupCommitExerciseContract {

    /** How long the test waits at a time for a force to start before it looks whether the flusher has ended. */
    private static final long POLL_MS = 10;

    private final ScriptedLog log = new ScriptedLog();
    /** Completes once the flusher's {@code run()} has returned or thrown. */
    private final CompletableFuture<Void> flusherEnded = new CompletableFuture<>();
    /** What the flusher's {@code run()} threw; null unless it threw. */
    private volatile Throwable flusherThrew;
    private Flusher flusher;
    private Thread flusherThread;

    /** The group commit under test, over {@code log}, durable up to {@code recoveredEnd} when it starts. */
    protected abstract Flusher newFlusher(Flusher.Flushable log, long recoveredEnd);

    @BeforeEach
    void newFlusherOverTheLog() {
        flusher = newFlusher(log, 0);
    }

    @AfterEach
    void stopTheFlusher() throws InterruptedException {
        log.stopHolding();
        if (flusherThread != null) {
            try {
                flusher.close();
            } catch (RuntimeException e) {
                // the test has failed already, or fails below; the thread is what must not outlive it
            }
            flusherThread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            flusherThread.interrupt();
        }
    }

    @Test
    void anOffsetAlreadyDurableCompletesAtOnceAndNoOtherDoes() {
        Flusher recovered = newFlusher(log, 10);

        assertThat(recovered.durableEnd()).as("durableEnd() of a log recovered up to 10").isEqualTo(10);
        assertThat(recovered.durable(10).toCompletableFuture()).as("durable(10), recovered up to 10").isCompleted();
        assertThat(recovered.durable(4).toCompletableFuture()).as("durable(4), recovered up to 10").isCompleted();
        assertThat(recovered.durable(11).toCompletableFuture()).as("durable(11), recovered up to 10, nothing forced")
                .isNotDone();
        assertThat(log.forcedEnds()).as("forces").isEmpty();
    }

    @Test
    void aWriteIsForcedOnceAndItsWaitCompletesAfterTheForce() throws Exception {
        startFlusher();
        log.write(flusher, 1);

        assertCompletes(flusher.durable(1), "durable(1) after written(1)");
        assertThat(log.forcedEnds()).as("forces, by the end offset each covered").containsExactly(1L);
        assertThat(flusher.durableEnd()).as("durableEnd() after the force").isEqualTo(1);
    }

    @Test
    void nothingIsDurableBeforeItsForceReturns() throws Exception {
        log.holdForces();
        startFlusher();
        log.write(flusher, 1);
        CompletableFuture<Void> durable = flusher.durable(1).toCompletableFuture();
        awaitForceStarted("written(1)");

        assertThat(durable).as("durable(1) while its fsync is under way: acknowledging now would promise a record "
                + "a power loss can still take").isNotDone();
        assertThat(flusher.durableEnd()).as("durableEnd() while the fsync is under way").isZero();

        log.letOneForceReturn();
        assertCompletes(durable, "durable(1) once its force returned");
        assertThat(flusher.durableEnd()).as("durableEnd() once the force returned").isEqualTo(1);
    }

    @Test
    void batchesWrittenDuringAForceShareTheNextOne() throws Exception {
        log.holdForces();
        startFlusher();
        log.write(flusher, 1);
        CompletableFuture<Void> first = flusher.durable(1).toCompletableFuture();
        awaitForceStarted("written(1)");
        List<CompletableFuture<Void>> behind = Stream.of(2L, 3L, 4L).map(end -> {
            log.write(flusher, end);
            return flusher.durable(end).toCompletableFuture();
        }).toList();

        log.letOneForceReturn();
        assertCompletes(first, "durable(1) once the first force returned");
        awaitForceStarted("written(2), (3) and (4) during the first force");
        assertThat(behind).as("durable(2), (3), (4): written during the first force, which covered only 1")
                .allSatisfy(pending -> assertThat(pending).isNotDone());
        assertThat(flusher.durableEnd()).as("durableEnd() between the two forces").isEqualTo(1);

        log.letOneForceReturn();
        for (CompletableFuture<Void> pending : behind) {
            assertCompletes(pending, "durable(2), (3), (4) once the second force returned");
        }
        assertThat(log.forcedEnds()).as("forces for 4 batches: the first, then one for the 3 written during it")
                .containsExactly(1L, 4L);
        assertThat(flusher.durableEnd()).as("durableEnd() after both").isEqualTo(4);
    }

    @Test
    void oneForceCoversEveryWaitWrittenBeforeItWhateverTheOrderOfTheWaits() throws Exception {
        log.write(flusher, 3);
        CompletionStage<Void> three = flusher.durable(3);
        CompletionStage<Void> one = flusher.durable(1);
        CompletionStage<Void> two = flusher.durable(2);

        startFlusher();

        assertCompletes(three, "durable(3)");
        assertCompletes(one, "durable(1), asked after durable(3)");
        assertCompletes(two, "durable(2)");
        assertThat(log.forcedEnds()).as("forces for three waits written before the flusher started")
                .containsExactly(3L);
    }

    @Test
    void closeLetsTheFlusherForceWhatIsWrittenAndReturn() throws Exception {
        ScriptedLog idleLog = new ScriptedLog();
        Flusher idle = newFlusher(idleLog, 0);
        idle.close();
        Thread idleThread = new Thread(idle, "exercise-idle-flusher");
        idleThread.setDaemon(true);
        idleThread.start();
        idleThread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        assertThat(idleThread.isAlive()).as("run() of a closed flusher with nothing written: returns").isFalse();
        assertThat(idleLog.forcedEnds()).as("forces of a flusher with nothing written").isEmpty();

        log.write(flusher, 2);
        CompletionStage<Void> durable = flusher.durable(2);
        flusher.close();
        startFlusher();

        assertCompletes(durable, "durable(2), written before close()");
        assertFlusherReturns("run() after close(), once what was written is durable");
        assertThat(log.forcedEnds()).as("forces").containsExactly(2L);
    }

    @Test
    void aFailedForceFailsEveryWaitNowAndLaterAndIsNeverRetried() throws Exception {
        IOException eio = new IOException("EIO (injected)");
        log.failForcesWith(eio);
        log.holdForces();
        startFlusher();
        log.write(flusher, 1);
        CompletionStage<Void> first = flusher.durable(1);
        awaitForceStarted("written(1)");
        log.write(flusher, 2);
        CompletionStage<Void> second = flusher.durable(2);

        log.letOneForceReturn();

        assertFailsWith(first, eio, "durable(1), whose force failed");
        assertFailsWith(second, eio, "durable(2), written during the failed force");
        assertFlusherReturns("run() after a failed force: the page cache's state is unknown, a retry proves nothing");
        assertThat(log.forcedEnds()).as("forces: the failed one, and no retry").containsExactly(1L);
        assertThat(flusher.failure()).as("failure()").isSameAs(eio);
        assertThat(flusher.durableEnd()).as("durableEnd() after the failed force").isZero();
        CompletableFuture<Void> later = flusher.durable(2).toCompletableFuture();
        assertThat(later).as("durable(2) asked after the failure: fails at once").isCompletedExceptionally();
    }

    @Test
    void aFailedWriteFailsTheLogAndNothingIsForcedAfterIt() throws Exception {
        IOException enospc = new IOException("ENOSPC (injected)");
        log.write(flusher, 1);
        CompletionStage<Void> durable = flusher.durable(1);

        flusher.fail(enospc);

        assertFailsWith(durable, enospc, "durable(1), waiting when a writer failed the log");
        assertThat(flusher.failure()).as("failure()").isSameAs(enospc);
        assertThat(flusher.durable(1).toCompletableFuture()).as("durable(1) asked after the failure")
                .isCompletedExceptionally();
        startFlusher();
        assertFlusherReturns("run() of a failed log");
        assertThat(log.forcedEnds()).as("forces after the log failed").isEmpty();
    }

    @Test
    void waitsAreCompletedOutsideTheFlushersLock() throws Exception {
        log.holdForces();
        startFlusher();
        log.write(flusher, 1);
        CompletableFuture<Void> durable = flusher.durable(1).toCompletableFuture();
        awaitForceStarted("written(1)");
        CompletableFuture<Boolean> writerGotIn = new CompletableFuture<>();
        durable.thenRun(() -> {
            // an acknowledgement's callback hands off to another thread, which appends: as a broker's would
            Thread writer = new Thread(() -> log.write(flusher, 2), "exercise-writer");
            writer.start();
            try {
                writer.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            writerGotIn.complete(!writer.isAlive());
        });

        log.letOneForceReturn();

        assertCompletes(durable, "durable(1)");
        assertThat(writerGotIn.get(2 * WAIT_SECONDS, TimeUnit.SECONDS))
                .as("written(2), called from another thread by durable(1)'s callback while it ran on the flusher "
                        + "thread, returned: the flusher completes its waits outside its lock")
                .isTrue();
    }

    private void startFlusher() {
        flusherThread = new Thread(() -> {
            try {
                flusher.run();
            } catch (Throwable e) {
                flusherThrew = e;
            } finally {
                flusherEnded.complete(null);
            }
        }, "exercise-flusher");
        flusherThread.setDaemon(true);
        flusherThread.start();
    }

    private void assertFlusherReturns(String what) throws InterruptedException {
        flusherThread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        assertThat(flusherThread.isAlive()).as("%s: still running after %d s", what, WAIT_SECONDS).isFalse();
        assertThat(flusherThrew).as("what run() threw").isNull();
    }

    /** Returns once a force (one more than seen so far) has started; fails at once if {@code run()} has ended. */
    private void awaitForceStarted(String what) throws InterruptedException {
        long deadlineNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!log.forceStarted(POLL_MS)) {
            if (flusherEnded.isDone()) {
                throw new AssertionError(what + ": run() " + ended() + " without starting a force; forces so far, "
                        + "by end offset: " + log.forcedEnds());
            }
            if (System.nanoTime() - deadlineNanos > 0) {
                throw new AssertionError(what + ": no force started within " + WAIT_SECONDS + " s; forces so far, "
                        + "by end offset: " + log.forcedEnds());
            }
        }
    }

    /** Waits, boundedly, for {@code pending} to complete normally; fails at once if the flusher's thread died. */
    private void assertCompletes(CompletionStage<Void> pending, String what) throws InterruptedException {
        CompletableFuture<Void> future = pending.toCompletableFuture();
        settle(future, what);
        assertThat(future).as("%s: completed normally", what).isCompleted();
    }

    private void assertFailsWith(CompletionStage<Void> pending, IOException cause, String what)
            throws InterruptedException {
        CompletableFuture<Void> future = pending.toCompletableFuture();
        settle(future, what);
        assertThat(future).as("%s: failed", what).isCompletedExceptionally();
        Throwable failure = future.handle((ignored, e) -> e).join();
        assertThat(Stream.iterate(failure, Objects::nonNull, Throwable::getCause).anyMatch(e -> e == cause))
                .as("%s failed with %s; expected the failure to be, or to carry, %s", what, failure, cause).isTrue();
    }

    /** Waits until {@code future} is done, or the flusher's {@code run()} has ended, or {@value ScriptedLog#WAIT_SECONDS} s. */
    private void settle(CompletableFuture<Void> future, String what) throws InterruptedException {
        try {
            CompletableFuture.anyOf(future, flusherEnded).get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            // the wait failed: the caller says whether it should have
        } catch (TimeoutException e) {
            throw new AssertionError(what + ": neither completed nor failed within " + WAIT_SECONDS
                    + " s; forces so far, by end offset: " + log.forcedEnds());
        }
        assertThat(flusherThrew).as("what run() threw, on the flusher thread, while %s was awaited", what).isNull();
        if (!future.isDone()) {
            throw new AssertionError(what + ": neither completed nor failed, and run() " + ended()
                    + "; forces so far, by end offset: " + log.forcedEnds());
        }
    }

    private String ended() {
        return flusherThrew == null ? "returned" : "threw " + flusherThrew;
    }
}
