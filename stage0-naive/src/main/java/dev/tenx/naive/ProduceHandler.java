package dev.tenx.naive;

import dev.tenx.common.wire.ErrorCode;
import dev.tenx.common.wire.ProduceRequest;
import dev.tenx.common.wire.ProduceResponse;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the broker does with one decoded produce request: the seam the pipelining stage wraps
 * with its per-producer sequence check. Stage 0's handler, {@link #appendingTo}, appends the
 * records to the store and answers with their first offset.
 *
 * <p>Called on the event-loop thread of the request's connection: one request at a time per
 * connection, concurrently across connections, so implementations are thread-safe.
 */
@FunctionalInterface
public interface ProduceHandler {

    ProduceResponse produce(ProduceRequest request);

    /** Appends every request's records, durably, and answers with the first offset or a storage error. */
    static ProduceHandler appendingTo(RecordStore store) {
        Logger log = Logger.getLogger(ProduceHandler.class.getName());
        return request -> {
            if (request.records().isEmpty()) {
                return ProduceResponse.error(ErrorCode.INVALID_REQUEST, "a produce request needs at least one record");
            }
            try {
                return ProduceResponse.ok(store.append(request.records()));
            } catch (IOException e) {
                log.log(Level.SEVERE, "append failed; nothing of this request is acknowledged", e);
                return ProduceResponse.error(ErrorCode.STORAGE_ERROR, "append failed: " + e.getMessage());
            }
        };
    }
}
