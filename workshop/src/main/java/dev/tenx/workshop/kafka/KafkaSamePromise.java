package dev.tenx.workshop.kafka;

import java.util.Map;

/**
 * Kafka held to the stages' promise: {@code acks=all}, and the topic's {@code flush.messages=1},
 * so that the broker flushes the log to stable storage (fsync) after every append, before it
 * acknowledges, as every stage does. Each produce request's batch is one append: one flush covers
 * a batch, not a record.
 */
public final class KafkaSamePromise extends KafkaPeer {

    public KafkaSamePromise() {
        super("kafka-same-promise", "same promise",
                "Apache Kafka, acks=all and flush.messages=1: fsync before every acknowledgement, the stages' promise",
                Map.of("flush.messages", "1"));
    }
}
