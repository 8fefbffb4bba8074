package dev.tenx.batching;

/**
 * Where the accumulator takes the memory of a record before appending it, and gives it back
 * when the record's batch completes: the seam the backpressure stage bounds ({@code buffer.memory},
 * {@code max.block.ms}). Until then memory is only counted ({@link #UNBOUNDED}): a producer
 * offered more than its broker takes keeps every record until the JVM runs out of heap.
 *
 * <p>{@link #allocate} is called by {@code send()} callers before the accumulator's lock is
 * taken, never under it: the producer's I/O thread needs that lock to complete batches, which is
 * what gives memory back, so waiting for memory under it would wait for ever. {@link #release}
 * is called once per completed batch, on whichever thread completes it. Implementations are
 * thread-safe.
 */
public interface BufferMemory {

    /**
     * Takes {@code bytes} for one record, waiting if the implementation must; throws a
     * {@link RuntimeException} when it cannot have them (the accumulator fails the record's
     * future with it; nothing was taken).
     */
    void allocate(int bytes);

    /** Gives back bytes taken by {@link #allocate}, once the records that held them are done. */
    void release(long bytes);

    /** The producer is closing: a {@code send()} still waiting for memory fails instead. */
    default void close() {
    }

    /** naive: every record is accepted at once; what it holds is counted by the accumulator, never bounded. */
    BufferMemory UNBOUNDED = new BufferMemory() {
        @Override
        public void allocate(int bytes) {
        }

        @Override
        public void release(long bytes) {
        }
    };
}
