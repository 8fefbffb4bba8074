package dev.tenx.backpressure;

import dev.tenx.batching.BufferMemory;
import dev.tenx.common.errors.DisconnectedException;
import dev.tenx.common.errors.RecordTooLargeException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The producer's memory, bounded: {@code buffer.memory} bytes that records take before they are
 * appended and give back when their batch completes, in the role of Kafka's {@code BufferPool}
 * (which also recycles batch-sized buffers; here a batch's buffer is the transport's, so only
 * bytes are counted). A {@code send()} that finds too little waits up to {@code max.block.ms},
 * then fails with {@link BufferExhaustedException}.
 *
 * <p>Waiters are served first come, first served: while anyone waits, a new record queues behind
 * them even if it would fit, so that a stream of small records cannot starve a large one.
 *
 * <p>Time is read from the injected {@link Clock}: a waiter that is woken (by memory coming back
 * or by {@link #close}) compares the clock with its deadline, so a test moves a manual clock past
 * the deadline, gives back a byte, and sees the waiter fail, without sleeping. The wait itself is
 * a condition wait of at most the time left.
 *
 * <p>Thread-safety: every field is guarded by {@link #lock}; any thread may allocate, release
 * and close. Never called under the accumulator's lock ({@link BufferMemory}).
 */
public final class BufferPool implements BoundedMemory {

    private final long totalBytes;
    private final long maxBlockMs;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    /** One condition per waiting {@code send()}, in arrival order; the head is served first. */
    private final ArrayDeque<Condition> waiters = new ArrayDeque<>();
    private long availableBytes;
    private boolean closed;

    public BufferPool(long totalBytes, long maxBlockMs, Clock clock) {
        if (totalBytes < 1 || maxBlockMs < 0) {
            throw new IllegalArgumentException("totalBytes=" + totalBytes + ", maxBlockMs=" + maxBlockMs
                    + ": need totalBytes >= 1 and maxBlockMs >= 0");
        }
        this.totalBytes = totalBytes;
        this.maxBlockMs = maxBlockMs;
        this.clock = clock;
        this.availableBytes = totalBytes;
    }

    /**
     * Takes {@code bytes}, waiting for them up to {@code max.block.ms}.
     *
     * @throws RecordTooLargeException  when {@code bytes} exceed {@code buffer.memory}: no wait could help
     * @throws BufferExhaustedException when {@code max.block.ms} passes first
     * @throws DisconnectedException    when the producer closes, or the caller is interrupted, first
     */
    @Override
    public void allocate(int bytes) {
        if (bytes > totalBytes) {
            throw new RecordTooLargeException("a record of up to " + bytes + " bytes, encoded, can never fit in "
                    + "buffer.memory=" + totalBytes + " bytes");
        }
        lock.lock();
        try {
            if (closed) {
                throw closedWhileWaiting(bytes);
            }
            if (waiters.isEmpty() && availableBytes >= bytes) {
                availableBytes -= bytes;
                return;
            }
            waitFor(bytes);
        } finally {
            lock.unlock();
        }
    }

    /** Queues behind the earlier waiters and takes the memory once first in line and it fits. Under the lock. */
    private void waitFor(int bytes) {
        long startMs = clock.millis();
        long deadlineMs = startMs + maxBlockMs;
        int ahead = waiters.size();
        Condition turn = lock.newCondition();
        waiters.addLast(turn);
        try {
            while (waiters.peekFirst() != turn || availableBytes < bytes) {
                if (closed) {
                    throw closedWhileWaiting(bytes);
                }
                long leftMs = deadlineMs - clock.millis();
                if (leftMs <= 0) {
                    throw new BufferExhaustedException("send() waited max.block.ms=" + maxBlockMs + " for " + bytes
                            + " bytes of buffer.memory=" + totalBytes + " and got none: availableBytes="
                            + availableBytes + ", sends waiting ahead of it when it came=" + ahead
                            + "; the record was not accepted (the broker takes less than the producer is offered)");
                }
                awaitUninterruptiblyOrFail(turn, leftMs, bytes);
            }
            availableBytes -= bytes;
        } finally {
            waiters.remove(turn);
            signalHead(); // what is left may be enough for the next in line
        }
    }

    private void awaitUninterruptiblyOrFail(Condition turn, long leftMs, int bytes) {
        try {
            turn.await(leftMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DisconnectedException("send() interrupted while waiting for " + bytes + " bytes of buffer.memory="
                    + totalBytes + "; the record was not accepted", e);
        }
    }

    @Override
    public void release(long bytes) {
        lock.lock();
        try {
            availableBytes += bytes;
            if (availableBytes > totalBytes) {
                throw new IllegalStateException("released more than was taken: availableBytes=" + availableBytes
                        + " > buffer.memory=" + totalBytes);
            }
            signalHead();
        } finally {
            lock.unlock();
        }
    }

    /** Every waiting {@code send()} fails: the producer is closing and will not free memory for it. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            waiters.forEach(Condition::signal);
        } finally {
            lock.unlock();
        }
    }

    private void signalHead() {
        Condition head = waiters.peekFirst();
        if (head != null) {
            head.signal();
        }
    }

    private DisconnectedException closedWhileWaiting(int bytes) {
        return new DisconnectedException("record of " + bytes + " bytes not accepted: the producer is closed (closed=true)");
    }

    @Override
    public long availableBytes() {
        lock.lock();
        try {
            return availableBytes;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int waiting() {
        lock.lock();
        try {
            return waiters.size();
        } finally {
            lock.unlock();
        }
    }
}
