package dev.tenx.common.broker;

import dev.tenx.common.config.BrokerConfig;
import dev.tenx.common.wire.ErrorCode;
import dev.tenx.common.wire.RecordBatch;

/**
 * What one produce request may cost the broker, checked before the produce path sees it: at
 * least one record, and at most {@code request.max.records}. The frame's size is bounded earlier,
 * by the frame decoder ({@code socket.request.max.bytes}). Immutable; thread-safe.
 */
record RequestLimits(int maxRecords) {

    /** The refusal of a batch over a limit, or {@code null} when it is within them. */
    ProduceResult check(RecordBatch batch) {
        if (batch.recordCount() == 0) {
            return ProduceResult.refused(ErrorCode.INVALID_REQUEST, "a produce request needs at least one record");
        }
        if (batch.recordCount() > maxRecords) {
            return ProduceResult.refused(ErrorCode.INVALID_REQUEST, "recordCount=" + batch.recordCount()
                    + " is above " + BrokerConfig.REQUEST_MAX_RECORDS + "=" + maxRecords + "; nothing was stored");
        }
        return null;
    }
}
