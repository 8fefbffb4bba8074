package dev.tenx.common.wire;

/**
 * A frame or a body that breaks the wire contract. The broker answers it with an
 * {@link ApiKey#ERROR} frame carrying {@link #errorCode()}, then closes that connection; every
 * other connection goes on. A client that receives an error frame throws it to its caller.
 */
public class ProtocolException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** For {@link #correlationId()} when the fault was found before the id could be read. */
    public static final int UNKNOWN_CORRELATION_ID = -1;

    private final ErrorCode errorCode;
    private final int correlationId;

    public ProtocolException(ErrorCode errorCode, String message) {
        this(errorCode, UNKNOWN_CORRELATION_ID, message, null);
    }

    public ProtocolException(ErrorCode errorCode, String message, Throwable cause) {
        this(errorCode, UNKNOWN_CORRELATION_ID, message, cause);
    }

    public ProtocolException(ErrorCode errorCode, int correlationId, String message, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
        this.correlationId = correlationId;
    }

    /** The correlation id of the offending request, so its error frame can echo it. */
    public int correlationId() {
        return correlationId;
    }

    public ErrorCode errorCode() {
        return errorCode;
    }
}
