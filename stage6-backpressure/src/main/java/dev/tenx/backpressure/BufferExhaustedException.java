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

    /**
     * No stack trace: under overload this is thrown for every record refused, hundreds of
     * thousands a second, and walking the stack for each costs more than the refusal itself; the
     * message says where and why (Kafka's {@code ApiException} skips it for the same reason).
     */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
