package dev.tenx.exercises.sequential;

import dev.tenx.sequential.Flusher;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Stands for the log under a flusher: remembers how far it was written, and hands the flusher
 * work whose force it counts, and which the test can hold inside the fsync, let return, or make
 * fail. Writers and the test call it from their threads, the flusher from its own; thread-safe.
 */
final class ScriptedLog implements Flusher.Flushable {

    /** How long a held force, or the test waiting for one, waits before giving up. */
    static final long WAIT_SECONDS = 10;

    private final Semaphore forcesStarted = new Semaphore(0);
    private final Semaphore forcesLetReturn = new Semaphore(0);
    /** The end offset of each force, in the order they started. */
    private final List<Long> forcedEnds = new CopyOnWriteArrayList<>();
    private volatile long writtenEnd;
    private volatile boolean holdForces;
    private volatile IOException failForcesWith;

    /** A writer's append up to {@code endOffset}: the log's end moves, then the flusher is told, as the log does. */
    void write(Flusher flusher, long endOffset) {
        writtenEnd = endOffset;
        flusher.written(endOffset);
    }

    @Override
    public Flusher.FlushWork takeWork() {
        long endOffset = writtenEnd;
        return new Flusher.FlushWork() {
            @Override
            public long endOffset() {
                return endOffset;
            }

            @Override
            public void force() throws IOException {
                forcedEnds.add(endOffset);
                forcesStarted.release();
                if (holdForces && !letReturn()) {
                    throw new IOException("force up to endOffset=" + endOffset + " held for " + WAIT_SECONDS
                            + " s: the test never let it return");
                }
                IOException failure = failForcesWith;
                if (failure != null) {
                    throw failure;
                }
            }
        };
    }

    private boolean letReturn() {
        try {
            return forcesLetReturn.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** From now on every force stays inside the fsync until {@link #letOneForceReturn}. */
    void holdForces() {
        holdForces = true;
    }

    void letOneForceReturn() {
        forcesLetReturn.release();
    }

    /** Lets every force return, now and later: the end of a test. */
    void stopHolding() {
        holdForces = false;
        forcesLetReturn.release(Integer.MAX_VALUE / 2);
    }

    /** Every force from now on throws {@code failure} once the test lets it return. */
    void failForcesWith(IOException failure) {
        failForcesWith = failure;
    }

    /** Whether one more force than this method has seen so far started within {@code timeoutMs}. */
    boolean forceStarted(long timeoutMs) throws InterruptedException {
        return forcesStarted.tryAcquire(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** The end offset each force covered, in order: how many fsyncs, and what each was for. */
    List<Long> forcedEnds() {
        return List.copyOf(forcedEnds);
    }
}
