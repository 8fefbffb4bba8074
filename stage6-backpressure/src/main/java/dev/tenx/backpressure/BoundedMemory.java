package dev.tenx.backpressure;

import dev.tenx.batching.BufferMemory;

/**
 * The producer's memory with a bound: {@link #allocate} takes bytes at once while there are
 * enough, and otherwise waits, up to {@code max.block.ms} on the producer's clock, for a
 * {@link #release} to give some back; then it fails with {@link BufferExhaustedException}. The
 * seam the backpressure stage puts under the accumulator ({@link BufferPool}), with the two
 * gauges a test reads to see a {@code send()} waiting.
 *
 * <p>Implementations are thread-safe.
 */
public interface BoundedMemory extends BufferMemory {

    /** Bytes of {@code buffer.memory} not taken now. */
    long availableBytes();

    /** {@code send()} calls waiting for memory now. */
    int waiting();
}
