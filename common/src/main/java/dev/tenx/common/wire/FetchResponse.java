package dev.tenx.common.wire;

import java.util.List;
import java.util.Objects;

/**
 * Records from {@code baseOffset} on, densely numbered; empty when the fetch offset is the log
 * end. {@code logEndOffset} is the offset the next appended record will get.
 */
public record FetchResponse(ErrorCode errorCode, String errorMessage, long baseOffset,
                            long logEndOffset, List<LogRecord> records) implements Message {

    public FetchResponse {
        Objects.requireNonNull(errorCode, "errorCode");
        Objects.requireNonNull(records, "records");
    }

    public static FetchResponse ok(long baseOffset, long logEndOffset, List<LogRecord> records) {
        return new FetchResponse(ErrorCode.NONE, "", baseOffset, logEndOffset, records);
    }

    public static FetchResponse error(ErrorCode code, String message, long logEndOffset) {
        return new FetchResponse(code, message, -1L, logEndOffset, List.of());
    }
}
