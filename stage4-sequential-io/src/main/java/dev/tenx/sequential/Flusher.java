package dev.tenx.sequential;

import java.io.IOException;
import java.util.concurrent.CompletionStage;

/**
 * How the log's records become durable: writers say how far they have written, waiters ask to be
 * told once an offset is durable, and one thread, running {@link #run}, forces the files and
 * completes the waits each fsync covered. The seam between the log and its group commit
 * ({@link GroupCommit}), so that the loop can be read and tested on its own (and rewritten, as a
 * workshop exercise).
 *
 * <p>Thread-safety: writers call {@link #written} under the log's write lock, after each append;
 * any thread calls {@link #durable}, {@link #durableEnd}, {@link #failure} and {@link #close};
 * one thread runs {@link #run}.
 */
public interface Flusher extends Runnable {

    /** What one fsync round must force; taken from the log under its write lock. */
    interface Flushable {
        /** Everything written up to now: the end offset it reaches, and the files and directory to force for it. */
        FlushWork takeWork();
    }

    /** One round's work: force these, then publish {@code endOffset}. */
    interface FlushWork {
        long endOffset();

        void force() throws IOException;
    }

    /** The offset below which every record is durable: what fetches may read. */
    long durableEnd();

    /** A writer appended records up to {@code endOffset}. */
    void written(long endOffset);

    /**
     * Completes once every record below {@code endOffset} is durable, that is once an fsync that
     * covers it has returned; fails if the log fails first.
     */
    CompletionStage<Void> durable(long endOffset);

    /**
     * Forces what is written and completes the waits it covers, round after round, until
     * {@link #close} (once what was written is durable) or a failure.
     */
    @Override
    void run();

    /** The log failed (a write or an fsync): every wait fails, now and later, and nothing more is made durable. */
    void fail(IOException e);

    /** Why the log failed; null while it has not. */
    IOException failure();

    /** Lets {@link #run} force what is written, then return. */
    void close();
}
