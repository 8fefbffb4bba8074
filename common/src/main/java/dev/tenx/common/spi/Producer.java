package dev.tenx.common.spi;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Sends records to a broker, in the shape of Kafka's producer.
 *
 * <p>The durability contract: a future completes normally only after the broker has stored the
 * record and {@code fsync} has returned for it. It completes exceptionally with
 * {@code RecordTooLargeException} (never sent), {@code BrokerException} (the broker refused it),
 * {@code TimeoutException} or {@code DisconnectedException} (not known to be stored).
 *
 * <p>Implementations are thread-safe unless their stage says otherwise.
 */
public interface Producer extends AutoCloseable {

    /**
     * Sends one record. Whether this call blocks until the record is acknowledged (stage 0) or
     * returns at once (from batching on) is the stage's technique; the future is the same.
     */
    CompletableFuture<RecordMetadata> send(byte[] key, byte[] value);

    /** Sends everything buffered and waits until every future returned so far is complete. */
    void flush();

    /**
     * What the producer holds right now, by name ({@link ProducerMetrics}): what the runner
     * samples to show the memory a technique costs on the client. Empty for a producer that
     * buffers nothing. Thread-safe; cheap enough to call every few milliseconds.
     */
    default Map<String, Long> metrics() {
        return Map.of();
    }

    /** Flushes, then releases the connection. */
    @Override
    void close();
}
