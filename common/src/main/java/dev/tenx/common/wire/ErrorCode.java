package dev.tenx.common.wire;

/** The error codes of {@code wire.proto}, with the same numbers. */
public enum ErrorCode {
    NONE,
    CORRUPT_MESSAGE,
    MESSAGE_TOO_LARGE,
    UNSUPPORTED_API,
    UNSUPPORTED_ENCODING,
    OFFSET_OUT_OF_RANGE,
    STORAGE_ERROR,
    INVALID_REQUEST,
    OUT_OF_ORDER_SEQUENCE;

    /** Same number as in {@code wire.proto}: the enum's declaration order. */
    public int id() {
        return ordinal();
    }
}
