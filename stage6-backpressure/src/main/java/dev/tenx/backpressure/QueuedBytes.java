package dev.tenx.backpressure;

import dev.tenx.common.metrics.BrokerCounters;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The broker-wide bound of {@code queued.max.request.bytes}: bytes of request frames read and not
 * yet answered, across every connection, and the connections that stopped reading because of it,
 * each woken once the total falls below the bound. One per broker.
 *
 * <p>Thread-safety: lock-free. Every event loop adds and releases; a connection registers to be
 * woken ({@link #wakeWhenBelow}) and checks again after registering, so that a release on another
 * event loop between its check and its registration cannot be missed.
 */
final class QueuedBytes {

    private final long maxBytes;
    private final AtomicLong queued = new AtomicLong();
    private final BrokerCounters counters;
    private final ConcurrentLinkedQueue<RequestGate> waiting = new ConcurrentLinkedQueue<>();

    QueuedBytes(long maxBytes, BrokerCounters counters) {
        this.maxBytes = maxBytes;
        this.counters = counters;
    }

    /** Counts a request in; true when the total has reached the bound, and reading must stop. */
    boolean add(long bytes) {
        counters.queuedRequestBytes.add(bytes);
        return queued.addAndGet(bytes) >= maxBytes;
    }

    /** Counts requests out; below the bound, every connection waiting for that is woken. */
    void release(long bytes) {
        counters.queuedRequestBytes.add(-bytes);
        if (queued.addAndGet(-bytes) < maxBytes) {
            wakeWaiting();
        }
    }

    boolean isFull() {
        return queued.get() >= maxBytes;
    }

    /** Wakes {@code gate} once the total is below the bound: at once if it already is. */
    void wakeWhenBelow(RequestGate gate) {
        waiting.add(gate);
        if (!isFull()) {
            wakeWaiting(); // a release may have come between the caller's check and the add above
        }
    }

    private void wakeWaiting() {
        for (RequestGate gate = waiting.poll(); gate != null; gate = waiting.poll()) {
            gate.brokerQueueBelowBound();
        }
    }

    long queuedBytes() {
        return queued.get();
    }
}
