package dev.tenx.common.broker;

import dev.tenx.common.metrics.BrokerCounters;
import dev.tenx.common.wire.ErrorCode;
import dev.tenx.common.wire.FetchRequest;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the broker does with one fetch request: {@link #reading} checks it and reads the store.
 * Called on the event-loop thread of the request's connection; thread-safe.
 */
@FunctionalInterface
public interface FetchHandler {

    FetchResult fetch(FetchRequest request);

    /** Builds a broker's fetch path over its store: a part of {@link BrokerParts}. */
    @FunctionalInterface
    interface Factory {
        FetchHandler create(RecordStore store, BrokerCounters counters, int fetchMaxBytes);
    }

    /**
     * Reads up to what the request asks, and no more than {@code fetchMaxBytes}: the client asks,
     * the broker bounds, so that one request cannot claim the whole log.
     */
    static FetchHandler reading(RecordStore store, BrokerCounters counters, int fetchMaxBytes) {
        Logger log = Logger.getLogger(FetchHandler.class.getName());
        return request -> {
            long durableEnd = store.durableEnd();
            if (request.maxRecords() < 1 || request.maxBytes() < 0) {
                return FetchResult.error(ErrorCode.INVALID_REQUEST, "maxRecords=" + request.maxRecords()
                        + ", maxBytes=" + request.maxBytes() + ": need maxRecords >= 1 and maxBytes >= 0", durableEnd);
            }
            if (request.offset() < 0 || request.offset() > durableEnd) {
                return FetchResult.error(ErrorCode.OFFSET_OUT_OF_RANGE,
                        "offset=" + request.offset() + " is outside the log [0, " + durableEnd + "]", durableEnd);
            }
            try {
                StoredRecords records = store.read(request.offset(), request.maxRecords(),
                        Math.min(request.maxBytes(), fetchMaxBytes));
                counters.recordsFetched.add(records.recordCount());
                // read after the records: appends may have moved it, and it must not be below them
                return FetchResult.ok(records, store.durableEnd());
            } catch (IOException e) {
                log.log(Level.SEVERE, "read failed at offset=" + request.offset(), e);
                return FetchResult.error(ErrorCode.STORAGE_ERROR, "read failed: " + e.getMessage(), durableEnd);
            }
        };
    }
}
