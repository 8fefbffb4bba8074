package dev.tenx.common.errors;

/** The connection closed before a response came; the request's records are not known to be stored. */
public class DisconnectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DisconnectedException(String message) {
        super(message);
    }

    public DisconnectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
