package dev.tenx.common.process;

import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.time.Duration;

/**
 * Makes Netty's leak detector report now what it would otherwise report at some later moment, or
 * never. Netty learns of a leak only once the garbage collector has cleared a buffer that was
 * never released, and reports it only when the same detector next tracks another buffer: a test
 * that has just ended, or a broker about to exit, cannot wait for both to happen by chance.
 *
 * <p>Stateless; {@link #report()} runs on, and blocks, the calling thread.
 */
public final class LeakReports {

    /** Netty's system property for the detector's level; the tests run at {@code paranoid}. */
    public static final String LEVEL_PROPERTY = "io.netty.leakDetection.level";

    /** How every leak report Netty makes begins. */
    public static final String MARKER = "LEAK:";

    /**
     * The reference handler enqueues all the references one collection cleared before it takes
     * those of the next, so once the second collection's sentinel is on its queue, every buffer
     * unreachable before the first collection is on its detector's queue.
     */
    private static final int COLLECTIONS = 2;

    /** Far above the tens of milliseconds a full collection of a test's heap takes. */
    private static final Duration COLLECTION_TIMEOUT = Duration.ofSeconds(10);

    private static final int PROBE_BYTES = 1;

    private LeakReports() {}

    /**
     * Whether the detector tracks every buffer: below {@code PARANOID} it tracks a sample, and
     * {@link #report()}'s probe may not be in it.
     */
    public static boolean paranoid() {
        return ResourceLeakDetector.getLevel() == ResourceLeakDetector.Level.PARANOID;
    }

    /**
     * Collects garbage until every buffer unreachable at the call is on the detector's queue, then
     * allocates and releases one tracked buffer: tracking it makes the detector report, before
     * this returns and on this thread, every leak on its queue (logged, and passed to its leak
     * listener).
     *
     * @throws IllegalStateException below {@code PARANOID}, or when {@code System.gc()} does not
     *                               collect (as under {@code -XX:+DisableExplicitGC})
     */
    public static void report() {
        if (!paranoid()) {
            throw new IllegalStateException("Netty's leak detection level is " + ResourceLeakDetector.getLevel()
                    + ": only at PARANOID is every buffer tracked; set -D" + LEVEL_PROPERTY + "=paranoid");
        }
        for (int i = 0; i < COLLECTIONS; i++) {
            collectGarbage();
        }
        UnpooledByteBufAllocator.DEFAULT.directBuffer(PROBE_BYTES).release();
    }

    /** One collection, and the reference handler's enqueueing of what it cleared, up to a sentinel. */
    private static void collectGarbage() {
        ReferenceQueue<Object> cleared = new ReferenceQueue<>();
        WeakReference<Object> sentinel = new WeakReference<>(new Object(), cleared);
        System.gc();
        try {
            if (cleared.remove(COLLECTION_TIMEOUT.toMillis()) != sentinel) {
                throw new IllegalStateException("System.gc() did not collect within " + COLLECTION_TIMEOUT.toSeconds()
                        + " s; leak reports need a collection (is -XX:+DisableExplicitGC set?)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a garbage collection", e);
        }
    }
}
