package dev.tenx.common.broker;

import dev.tenx.common.wire.ErrorCode;
import dev.tenx.common.wire.ProduceResponse;

/**
 * What a produce handler answers: the response, and for an acknowledgement the end offset of the
 * records it acknowledges, which the broker checks against the store's durable end at the moment
 * it writes the response.
 */
public record ProduceResult(ProduceResponse response, long endOffset) {

    /** No records to cover: for refusals. */
    public static final long NO_END_OFFSET = -1L;

    public static ProduceResult acknowledged(long baseOffset, int recordCount) {
        return new ProduceResult(ProduceResponse.ok(baseOffset), baseOffset + recordCount);
    }

    public static ProduceResult refused(ErrorCode code, String message) {
        return new ProduceResult(ProduceResponse.error(code, message), NO_END_OFFSET);
    }

    public boolean isAcknowledgement() {
        return response.errorCode() == ErrorCode.NONE;
    }
}
