package dev.tenx.workshop.kafka;

import java.util.Map;

/**
 * Kafka as it usually runs: {@code acks=all} (the producer's default), and the topic at Kafka's
 * defaults, which never flush on a count or a timer. A record is acknowledged once it is in the
 * page cache (and, with more than one broker, on every in-sync replica): durable against a
 * process crash, not against a power loss of the one machine, which is what replication is for.
 */
public final class KafkaDefaults extends KafkaPeer {

    public KafkaDefaults() {
        super("kafka-defaults", "defaults",
                "Apache Kafka, acks=all and its defaults: acknowledged from the page cache, no fsync before it",
                Map.of());
    }
}
