package dev.tenx.sequential;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Group commit with no timer, the Disruptor's "smart batching": one flusher thread forces what
 * has been written and then completes every wait the fsync covered. While it is inside an fsync,
 * writers go on appending; their batches wait for the next fsync, which covers all of them. The
 * busier the log, the more batches one fsync covers; an idle log forces a lone batch at once.
 * No event-loop thread ever waits on an fsync: they get a future.
 *
 * <p>Thread-safety: writers call {@link #written} after each append; any thread calls
 * {@link #durable}; the flusher thread alone runs {@link #run}. {@link #durableEnd} is volatile;
 * the waiters and the flusher's view of the written end are guarded by {@code this}.
 */
public final class GroupCommit implements Flusher {

    private record Waiter(long endOffset, CompletableFuture<Void> future) {
    }

    private final Flushable log;
    private final PriorityQueue<Waiter> waiters = new PriorityQueue<>((a, b) -> Long.compare(a.endOffset, b.endOffset));
    private volatile long durableEnd;
    private long writtenEnd;
    private IOException failure;
    private boolean closed;

    public GroupCommit(Flushable log, long recoveredEnd) {
        this.log = log;
        this.durableEnd = recoveredEnd;
        this.writtenEnd = recoveredEnd;
    }

    @Override
    public long durableEnd() {
        return durableEnd;
    }

    /** A writer appended records up to {@code endOffset}: wakes the flusher if it sleeps. */
    @Override
    public synchronized void written(long endOffset) {
        writtenEnd = endOffset;
        notifyAll();
    }

    @Override
    public CompletionStage<Void> durable(long endOffset) {
        if (endOffset <= durableEnd) {
            return CompletableFuture.completedFuture(null);
        }
        synchronized (this) {
            if (failure != null) {
                return CompletableFuture.failedFuture(failure);
            }
            if (endOffset <= durableEnd) {
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> future = new CompletableFuture<>();
            waiters.add(new Waiter(endOffset, future));
            return future;
        }
    }

    @Override
    public void run() {
        while (awaitWork()) {
            FlushWork work = log.takeWork();
            try {
                work.force();
            } catch (IOException | RuntimeException e) {
                fail(e instanceof IOException io ? io : new IOException("fsync failed", e));
                return;
            }
            complete(publish(work.endOffset()));
        }
    }

    /** Sleeps until something is written that is not yet durable; false once closed and drained, or failed. */
    private synchronized boolean awaitWork() {
        while (writtenEnd <= durableEnd && !closed && failure == null) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return writtenEnd > durableEnd && failure == null;
    }

    private synchronized List<CompletableFuture<Void>> publish(long endOffset) {
        durableEnd = Math.max(durableEnd, endOffset);
        List<CompletableFuture<Void>> covered = new ArrayList<>();
        while (!waiters.isEmpty() && waiters.peek().endOffset <= durableEnd) {
            covered.add(waiters.poll().future);
        }
        return covered;
    }

    /** Outside the lock: completions run the waiters' callbacks (a hop to an event loop). */
    private static void complete(List<CompletableFuture<Void>> covered) {
        for (CompletableFuture<Void> f : covered) {
            f.complete(null);
        }
    }

    /**
     * A failed fsync fails every wait and every later one: after fsync reports an error the page
     * cache's state is unknown, so a retry that succeeded would prove nothing (PostgreSQL's 2018
     * lesson). Only a restart, which recovers from what is on disk, is safe. A writer calls it too,
     * after a failed write: from then on nothing more is made durable or acknowledged.
     */
    @Override
    public void fail(IOException e) {
        List<Waiter> failed;
        synchronized (this) {
            if (failure == null) {
                failure = e;
            }
            notifyAll();
            failed = new ArrayList<>(waiters);
            waiters.clear();
        }
        for (Waiter w : failed) {
            w.future.completeExceptionally(e);
        }
    }

    @Override
    public synchronized IOException failure() {
        return failure;
    }

    /** Lets the flusher force what is written, then stop. */
    @Override
    public synchronized void close() {
        closed = true;
        notifyAll();
    }
}
