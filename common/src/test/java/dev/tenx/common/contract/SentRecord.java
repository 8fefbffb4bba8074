package dev.tenx.common.contract;

import dev.tenx.common.spi.Producer;
import dev.tenx.common.spi.RecordMetadata;
import java.util.concurrent.CompletableFuture;

/**
 * A record handed to a producer: its key and value, the wall-clock window of the {@code send}
 * call, inside which every stage's producer stamps the record with wall time, and the future of
 * its acknowledgement. Immutable; the future completes on the producer's thread.
 */
public record SentRecord(byte[] key, byte[] value, long sendStartMs, long sendEndMs, CompletableFuture<RecordMetadata> ack) {

    /** Sends without waiting: what a test keeps, to await or to look for in the log later. */
    public static SentRecord send(Producer producer, byte[] key, byte[] value) {
        long startMs = System.currentTimeMillis();
        CompletableFuture<RecordMetadata> ack = producer.send(key, value);
        return new SentRecord(key, value, startMs, System.currentTimeMillis(), ack);
    }

    /** The record as the log must hold it if it sits at {@code offset}. */
    public StoredRecord at(long offset) {
        return new StoredRecord(offset, key, value, sendStartMs, sendEndMs);
    }
}
