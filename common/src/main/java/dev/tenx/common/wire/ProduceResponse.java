package dev.tenx.common.wire;

import java.util.Objects;

/** The answer to a {@link ProduceRequest}: the offset of its first record, or an error. */
public record ProduceResponse(ErrorCode errorCode, String errorMessage, long baseOffset)
        implements Message {

    public ProduceResponse {
        Objects.requireNonNull(errorCode, "errorCode");
    }

    public static ProduceResponse ok(long baseOffset) {
        return new ProduceResponse(ErrorCode.NONE, "", baseOffset);
    }

    public static ProduceResponse error(ErrorCode code, String message) {
        return new ProduceResponse(code, message, -1L);
    }
}
