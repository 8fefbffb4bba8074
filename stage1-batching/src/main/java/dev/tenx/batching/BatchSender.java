package dev.tenx.batching;

/**
 * Takes ready batches from the {@link RecordAccumulator} to the broker and completes them: the
 * seam between this stage, which sends one batch at a time ({@link Sender}), and the pipelining
 * stage, which keeps several in flight on the same connection.
 *
 * <p>Thread-safety: only the producer's I/O thread calls {@link #runOnce}, {@link #isIdle} and
 * {@link #close}, the last once, as its last act; {@link #inFlightRequests} may be read from any
 * thread.
 */
public interface BatchSender extends AutoCloseable {

    /**
     * Does the work there is now: sends what may be sent, completes what has been answered.
     * Returns how many milliseconds may pass before there is more to do without a
     * {@link RecordAccumulator#wakeup()} (0: call again at once).
     */
    long runOnce();

    /** Nothing is in flight and nothing waits to be sent again. */
    boolean isIdle();

    /** Requests written and not yet answered, now. */
    int inFlightRequests();

    /** Releases the connection. */
    @Override
    void close();
}
