package dev.tenx.workshop;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * When the load threads of a {@link LoadGenerator} send, and which acknowledgements its
 * measurement counts.
 *
 * <ul>
 *   <li>{@link ClosedLoop}: each thread sends as soon as its window of unacknowledged records
 *       has room, so the system runs saturated; a record's latency runs from the moment it was
 *       sent, and the acknowledgements that arrive while the controller's window is open count.
 *       A stall delays the next sends instead of showing as their latency (coordinated
 *       omission), which is why this measures capacity, not latency.</li>
 *   <li>{@link OpenLoop}: records are due on a fixed timetable at a given rate, whatever the
 *       acknowledgements do, spread evenly over the threads; a record's latency runs from the
 *       moment it was due, so a thread held up by a stall (or by a full window) charges the wait
 *       to every record it delayed, as wrk2 does. The records due inside a window fixed in
 *       advance count; nothing is due after it.</li>
 * </ul>
 *
 * <p>Threads: {@link #begin} runs on the controlling thread before any load thread starts;
 * {@link #next} runs on the load threads, each passing its own index; {@link #counts} on
 * whichever thread completes a record.
 */
sealed interface Schedule permits Schedule.ClosedLoop, Schedule.OpenLoop {

    /** What {@link #next} returns when the thread has nothing more to send. */
    long DONE = Long.MIN_VALUE;

    /** Fixes the timetable's origin, {@code startNanos} on {@code System.nanoTime}, for {@code threads} threads. */
    void begin(long startNanos, int threads);

    /**
     * Waits until thread {@code thread}'s next record is due and returns the {@code System.nanoTime}
     * it was due at, or {@link #DONE}: the timetable is over, or {@code running} turned false.
     */
    long next(int thread, BooleanSupplier running);

    /**
     * Whether the acknowledgement of the record due at {@code dueNanos} is measured, given
     * whether the controller's measured window is open as it arrives.
     */
    boolean counts(long dueNanos, boolean windowOpen);

    /** As fast as the window allows. Stateless. */
    final class ClosedLoop implements Schedule {

        @Override
        public void begin(long startNanos, int threads) {
        }

        @Override
        public long next(int thread, BooleanSupplier running) {
            return System.nanoTime();
        }

        @Override
        public boolean counts(long dueNanos, boolean windowOpen) {
            return windowOpen;
        }
    }

    /**
     * {@code recordsPerSecond} in all, record {@code i} due at {@code start + i / rate}, record
     * {@code i} sent by thread {@code i mod threads}: the threads take turns, so that several
     * producers add up to one even stream instead of bursts of one record each. The records
     * due in the {@code windowMs} that follow {@code leadInMs} are measured; the lead-in lets
     * the system settle at the new rate (batches adapt, queues left by an earlier phase drain).
     *
     * <p>The timetable is fixed by {@link #begin}; each thread advances only its own position in it.
     */
    final class OpenLoop implements Schedule {

        private static final double NANOS_PER_SECOND = 1e9;

        private final double nanosPerRecord;
        private final long leadInNanos;
        private final long windowNanos;
        private long startNanos;
        private int threads;
        /** Each thread's count of records taken from the timetable; a thread touches only its own slot. */
        private long[] taken;

        OpenLoop(double recordsPerSecond, long leadInMs, long windowMs) {
            if (!(recordsPerSecond > 0)) {
                throw new IllegalArgumentException("an open loop needs a rate above 0, not " + recordsPerSecond);
            }
            this.nanosPerRecord = NANOS_PER_SECOND / recordsPerSecond;
            this.leadInNanos = TimeUnit.MILLISECONDS.toNanos(leadInMs);
            this.windowNanos = TimeUnit.MILLISECONDS.toNanos(windowMs);
        }

        @Override
        public void begin(long startNanos, int threads) {
            this.startNanos = startNanos;
            this.threads = threads;
            this.taken = new long[threads];
        }

        @Override
        public long next(int thread, BooleanSupplier running) {
            long record = taken[thread]++ * threads + thread;
            long due = startNanos + Math.round(record * nanosPerRecord);
            if (due - windowEndNanos() >= 0) {
                return DONE;
            }
            for (long now = System.nanoTime(); now - due < 0; now = System.nanoTime()) {
                if (!running.getAsBoolean()) {
                    return DONE;
                }
                LockSupport.parkNanos(due - now);
            }
            return due;
        }

        @Override
        public boolean counts(long dueNanos, boolean windowOpen) {
            return dueNanos - windowStartNanos() >= 0 && dueNanos - windowEndNanos() < 0;
        }

        long windowNanos() {
            return windowNanos;
        }

        /** When the measured window ends: the controller sleeps until then. */
        long windowEndNanos() {
            return windowStartNanos() + windowNanos;
        }

        private long windowStartNanos() {
            return startNanos + leadInNanos;
        }
    }
}
