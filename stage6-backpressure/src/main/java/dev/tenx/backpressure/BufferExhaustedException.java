package dev.tenx.backpressure;

import dev.tenx.common.errors.TimeoutException;

/**
 * {@code send()} waited {@code max.block.ms} for {@code buffer.memory} and got none: the record
 * was never accepted, so it is certainly not stored. Expected backpressure, not a fault: the
 * producer is offered more than its broker takes. A {@link TimeoutException}, as Kafka's
 * {@code BufferExhaustedException} is; its message names the numbers.
 */
public class BufferExhaustedException extends TimeoutException {

    private static final long serialVersionUID = 1L;

    public BufferExhaustedException(String message) {
        super(message);
    }
}
