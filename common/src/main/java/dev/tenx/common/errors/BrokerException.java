package dev.tenx.common.errors;

import dev.tenx.common.wire.ErrorCode;

/** The broker answered with an error code: in a response, or in an error frame. */
public class BrokerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode errorCode;

    public BrokerException(ErrorCode errorCode, String message) {
        super(errorCode + ": " + message);
        this.errorCode = errorCode;
    }

    public ErrorCode errorCode() {
        return errorCode;
    }
}
