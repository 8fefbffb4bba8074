package dev.tenx.exercises.backpressure;

import dev.tenx.backpressure.BoundedMemory;
import java.time.Clock;

/**
 * Exercise 6, backpressure: the producer's memory pool and its wait. {@code send()} takes the
 * bytes of a record from {@code buffer.memory} before it is queued, and a completed batch gives
 * them back; when the pool is empty, {@code send()} waits, and after {@code max.block.ms} it
 * fails, so that a producer offered more than its broker takes slows its caller down instead of
 * filling the heap. Write this {@link BoundedMemory} so that {@code MemoryWaitExerciseTest} passes.
 *
 * <p>The rules:
 * <ul>
 *   <li>{@link #allocate}: a record larger than {@code buffer.memory} can never fit:
 *       {@code RecordTooLargeException} at once, naming {@code buffer.memory=<total>}. While
 *       nobody waits and enough is free, take it and return at once.
 *   <li>Otherwise queue and wait, first come first served: while anyone waits, a new record
 *       waits behind them even if it would fit, so that small records cannot starve a large one.
 *       The first in line takes its bytes as soon as enough is free.
 *   <li>The deadline is {@code max.block.ms} after the wait began, on the injected clock
 *       ({@code clock.millis()}), never on {@code System.currentTimeMillis}: a waiter that wakes
 *       and finds the clock at or past its deadline fails with {@code BufferExhaustedException},
 *       whose message names {@code max.block.ms=<ms>}, {@code <n> bytes},
 *       {@code buffer.memory=<total>} and {@code availableBytes=<free>}. It took nothing.
 *       With {@code max.block.ms=0} a record that does not fit fails at once.
 *   <li>Wait on a condition, at most the time left (a test moves the clock and then releases a
 *       byte, which wakes the waiters to look at it): never spin, never sleep.
 *   <li>{@link #release}: give the bytes back and wake the first in line; when it has taken its
 *       bytes, or given up, the next in line must be woken too. Giving back more than was taken
 *       is a bug: {@code IllegalStateException}, naming {@code buffer.memory=<total>}.
 *   <li>{@link #close}: every waiting {@code send()}, and every later one, fails with
 *       {@code DisconnectedException} (its message says {@code closed}).
 *   <li>{@link #availableBytes} and {@link #waiting}: what is free, and how many {@code send()}
 *       calls wait, each counted from when its deadline is set; the tests read them to know a
 *       {@code send()} waits before they move the clock.
 * </ul>
 *
 * <p>How: one {@code ReentrantLock}, a queue of one {@code Condition} per waiter, and
 * {@code condition.await(leftMs, MILLISECONDS)} in a loop. Change only this file; keep the
 * constructor. Run
 * {@code ./mvnw -pl workshop/exercises -am test -Pexercises -Dtest=MemoryWaitExerciseTest}.
 * The stage's own answer, to read once yours passes:
 * {@code stage6-backpressure/src/main/java/dev/tenx/backpressure/BufferPool.java}.
 *
 * <p>Thread-safe: any thread allocates, releases and closes.
 */
public final class MemoryWaitExercise implements BoundedMemory {

    private final long totalBytes;
    private final long maxBlockMs;
    private final Clock clock;

    /**
     * @param totalBytes {@code buffer.memory}
     * @param maxBlockMs {@code max.block.ms}: the longest a {@code send()} waits for memory
     * @param clock      the producer's clock, which the deadline is read from
     */
    public MemoryWaitExercise(long totalBytes, long maxBlockMs, Clock clock) {
        this.totalBytes = totalBytes;
        this.maxBlockMs = maxBlockMs;
        this.clock = clock;
    }

    @Override
    public void allocate(int bytes) {
        throw new UnsupportedOperationException("exercise: allocate(" + bytes + ") is not written yet: take it from "
                + "buffer.memory=" + totalBytes + ", or wait, first come first served, up to max.block.ms="
                + maxBlockMs + " on " + clock);
    }

    @Override
    public void release(long bytes) {
        throw new UnsupportedOperationException("exercise: release(" + bytes + ") is not written yet: give them "
                + "back and wake the first in line");
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("exercise: close() is not written yet: fail every waiting send()");
    }

    @Override
    public long availableBytes() {
        throw new UnsupportedOperationException("exercise: availableBytes() is not written yet");
    }

    @Override
    public int waiting() {
        throw new UnsupportedOperationException("exercise: waiting() is not written yet: how many send() calls wait");
    }
}
