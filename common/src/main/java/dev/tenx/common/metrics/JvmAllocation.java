package dev.tenx.common.metrics;

import java.lang.management.ManagementFactory;

/**
 * Bytes this JVM has allocated on the heap, from HotSpot's per-thread allocation counters
 * ({@code com.sun.management.ThreadMXBean}). Summed over the threads alive now: a thread that
 * died since the last reading takes its bytes with it, so deltas are taken over a window in
 * which the working threads (event loops, load generators) stay alive.
 *
 * <p>Stateless; any thread may call it, at the cost of one walk over all live threads.
 */
public final class JvmAllocation {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private JvmAllocation() {}

    public static long allocatedBytes() {
        long total = 0;
        for (long bytes : THREADS.getThreadAllocatedBytes(THREADS.getAllThreadIds())) {
            if (bytes > 0) {
                total += bytes; // -1 marks a thread that ended between the two calls
            }
        }
        return total;
    }
}
