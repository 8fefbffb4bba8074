package dev.tenx.common.broker;

import dev.tenx.common.wire.ErrorCode;
import dev.tenx.common.wire.FetchResponse;
import java.util.List;

/**
 * A fetch response before it is encoded: its envelope, and the stored records as bytes, so that
 * the broker can send what it stored without decoding it. {@link #records()} is owned by whoever
 * holds the result, until it is written.
 */
public record FetchResult(ErrorCode errorCode, String errorMessage, long logEndOffset, StoredRecords records) {

    public static FetchResult ok(StoredRecords records, long logEndOffset) {
        return new FetchResult(ErrorCode.NONE, "", logEndOffset, records);
    }

    public static FetchResult error(ErrorCode code, String message, long logEndOffset) {
        return new FetchResult(code, message, logEndOffset, StoredRecords.empty(-1L));
    }

    /** The response with no records in it: what the codec writes before the records' bytes. */
    public FetchResponse envelope() {
        return new FetchResponse(errorCode, errorMessage, records.baseOffset(), logEndOffset, List.of());
    }
}
