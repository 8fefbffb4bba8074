package dev.tenx.common.broker;

import dev.tenx.common.wire.RecordBatch;

import dev.tenx.common.wire.ErrorCode;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the broker does with one produce request: the seam the pipelining stage wraps with its
 * per-producer sequence check. {@link #appendingTo} writes the batch to the store and answers
 * once the store says it is durable.
 *
 * <p>Called on the event-loop thread of the request's connection, one request at a time per
 * connection and concurrently across connections, so implementations are thread-safe. The
 * returned stage may complete on another thread (the store's flusher). The handler is done with
 * the batch when {@code produce} returns: the broker releases it then.
 */
@FunctionalInterface
public interface ProduceHandler {

    CompletionStage<ProduceResult> produce(RecordBatch batch);

    /** Builds a broker's produce path over its store: a part of {@link BrokerParts}. */
    @FunctionalInterface
    interface Factory {
        ProduceHandler create(RecordStore store);
    }

    /** Appends every batch and acknowledges it once the store has made it durable. */
    static ProduceHandler appendingTo(RecordStore store) {
        return batch -> {
            long baseOffset;
            try {
                baseOffset = store.append(batch);
            } catch (IOException e) {
                return CompletableFuture.completedFuture(storageError(e));
            }
            return acknowledgeWhenDurable(store, baseOffset, batch.recordCount());
        };
    }

    /**
     * The acknowledgement of records already written at {@code baseOffset}, once they are durable:
     * also what answers a retry whose batch is in the log already.
     */
    static CompletionStage<ProduceResult> acknowledgeWhenDurable(RecordStore store, long baseOffset, int recordCount) {
        return store.durable(baseOffset + recordCount).handle((durable, failure) -> failure == null
                ? ProduceResult.acknowledged(baseOffset, recordCount)
                : storageError(failure));
    }

    /** A failed write or fsync: refused, so that nothing of it is acknowledged. */
    static ProduceResult storageError(Throwable failure) {
        Logger.getLogger(ProduceHandler.class.getName())
                .log(Level.SEVERE, "append failed; nothing of this request is acknowledged", failure);
        return ProduceResult.refused(ErrorCode.STORAGE_ERROR, "append failed: " + failure.getMessage());
    }
}
