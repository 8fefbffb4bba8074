package dev.tenx.workshop.kafka;

import dev.tenx.common.spi.Producer;
import dev.tenx.common.spi.ProducerMetrics;
import dev.tenx.common.spi.RecordMetadata;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;

/**
 * Kafka's own producer behind the stages' {@link Producer}: every record to the peer's one topic
 * and partition, its future completed by Kafka's callback (on Kafka's I/O thread) with the
 * offset, or failed as {@link KafkaErrors} translates. The record's timestamp is Kafka's, stamped
 * in {@code send} as the stages' producers stamp theirs.
 *
 * <p>Thread-safe, as Kafka's producer is.
 */
final class KafkaPeerProducer implements Producer {

    private static final String METRICS_GROUP = "producer-metrics";

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final Duration closeTimeout;
    private volatile Gauges gauges;

    KafkaPeerProducer(Map<String, Object> kafkaProps, String topic) {
        this.producer = new KafkaProducer<>(kafkaProps);
        this.topic = topic;
        this.closeTimeout = Duration.ofMillis(Long.parseLong((String) kafkaProps.get("delivery.timeout.ms")));
    }

    @Override
    public CompletableFuture<RecordMetadata> send(byte[] key, byte[] value) {
        CompletableFuture<RecordMetadata> ack = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic, 0, key, value), (metadata, error) -> {
                if (error != null) {
                    ack.completeExceptionally(KafkaErrors.translate(error));
                } else {
                    ack.complete(new RecordMetadata(metadata.offset()));
                }
            });
        } catch (KafkaException e) {
            ack.completeExceptionally(KafkaErrors.translate(e));
        }
        return ack;
    }

    @Override
    public void flush() {
        producer.flush();
    }

    /**
     * Bytes held in Kafka's buffer pool (its total less what is available: records accepted and
     * not yet acknowledged, in batches of {@code batch.size}) and requests in flight, from
     * Kafka's own producer metrics.
     */
    @Override
    public Map<String, Long> metrics() {
        Gauges g = gauges;
        if (g == null) {
            g = Gauges.find(producer.metrics());
            gauges = g;
        }
        return Map.of(ProducerMetrics.BUFFERED_BYTES, g.bufferedBytes(),
                ProducerMetrics.IN_FLIGHT_REQUESTS, value(g.inFlight()));
    }

    /** Kafka's metric objects, found once: each reads its current value. */
    private record Gauges(Metric total, Metric available, Metric inFlight) {

        static Gauges find(Map<org.apache.kafka.common.MetricName, ? extends Metric> metrics) {
            return new Gauges(metric(metrics, "buffer-total-bytes"), metric(metrics, "buffer-available-bytes"),
                    metric(metrics, "requests-in-flight"));
        }

        private static Metric metric(Map<org.apache.kafka.common.MetricName, ? extends Metric> metrics, String name) {
            return metrics.entrySet().stream()
                    .filter(e -> e.getKey().name().equals(name) && e.getKey().group().equals(METRICS_GROUP))
                    .map(Map.Entry::getValue).findFirst()
                    .orElseThrow(() -> new IllegalStateException("Kafka's producer has no metric " + METRICS_GROUP
                            + "/" + name));
        }

        long bufferedBytes() {
            return value(total) - value(available);
        }
    }

    private static long value(Metric metric) {
        return ((Number) metric.metricValue()).longValue();
    }

    /** Flushes, then closes; what is still unanswered after {@code delivery.timeout.ms} has failed by then. */
    @Override
    public void close() {
        producer.close(closeTimeout);
    }
}
