package dev.tenx.common.wire;

import java.util.Objects;

/** The body of an {@link ApiKey#ERROR} frame: a protocol fault, after which the broker closes. */
public record ErrorResponse(ErrorCode errorCode, String errorMessage) implements Message {

    public ErrorResponse {
        Objects.requireNonNull(errorCode, "errorCode");
    }
}
