package dev.tenx.workshop.kafka;

import static dev.tenx.common.config.ConfigDef.Type.INT;
import static dev.tenx.common.config.ConfigDef.Type.LONG;
import static dev.tenx.common.config.ConfigDef.Type.STRING;

import dev.tenx.common.config.BrokerConfig;
import dev.tenx.common.config.ConfigDef;
import dev.tenx.common.config.ConsumerConfig;
import dev.tenx.common.config.ProducerConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The keys a Kafka peer accepts, and how each becomes Kafka's own setting. Every key is one a
 * stage defines, with the stage's default, and goes to Kafka under the same name wherever Kafka
 * has that key, so that a run compares Kafka and the stages at the same batch size, linger and
 * requests in flight (and {@code -Dlinger.ms=20} moves both). The settings that are Kafka's
 * alone are fixed here and listed in workshop/KAFKA.md, with the keys that differ. Immutable.
 */
final class KafkaPeerConfig {

    static final String LOG_SEGMENT_BYTES = "log.segment.bytes";
    static final String BATCH_SIZE = "batch.size";
    static final String LINGER_MS = "linger.ms";
    static final String MAX_IN_FLIGHT = "max.in.flight.requests.per.connection";
    static final String RETRIES = "retries";
    static final String RETRY_BACKOFF_MS = "retry.backoff.ms";
    static final String MAX_POLL_RECORDS = "max.poll.records";
    static final String LAUNCHER = "kafka.launcher";
    static final String LAUNCHER_JVM = "jvm";
    static final String LAUNCHER_CONTAINER = "container";

    /**
     * What a Kafka produce request carries beyond its records: request header, client id, topic
     * name, partition and batch headers. Kafka's {@code max.request.size} bounds a request's
     * records, not its header, where a stage's bounds the whole frame; the broker's
     * {@code socket.request.max.bytes} gets this much more, so that the largest record the
     * producer accepts arrives in a request the broker reads (the record-size contract).
     */
    static final int REQUEST_HEADER_HEADROOM_BYTES = 1024;
    /** Kafka refuses a segment under 1 MiB. */
    private static final long MIN_LOG_SEGMENT_BYTES = 1024 * 1024;
    private static final int MAX_IDEMPOTENT_IN_FLIGHT = 5;
    /**
     * Kafka's clients push their own metrics to the broker (KIP-714) when it asks: requests and
     * CPU on both sides that no stage pays, so they are off.
     */
    private static final String NO_METRICS_PUSH = "enable.metrics.push";

    static final ConfigDef BROKER = new ConfigDef()
            .define(BrokerConfig.LISTENERS, STRING, "127.0.0.1:0", ConfigDef.hostPort(),
                    "Host and port of the broker's client listener; port 0 takes a free one. The peer "
                            + "takes free ports on the same host for its controller and for the listener "
                            + "a delay proxy forwards to.")
            .define(BrokerConfig.LOG_DIR, STRING, ConfigDef.NO_DEFAULT, ConfigDef.nonEmpty(),
                    "Directory of the broker's files: its server.properties and, under kafka-logs/, "
                            + "Kafka's log.dirs (the topic's segments and the metadata log).")
            .define(BrokerConfig.SOCKET_REQUEST_MAX_BYTES, INT, BrokerConfig.DEFAULT_MAX_FRAME_BYTES,
                    ConfigDef.atLeast(1),
                    "Largest request the broker reads, in bytes of records: Kafka's key, given "
                            + REQUEST_HEADER_HEADROOM_BYTES + " bytes more for the request header, which "
                            + "Kafka's max.request.size does not count and a stage's does.")
            .define(BrokerConfig.NUM_NETWORK_THREADS, INT, 2, ConfigDef.between(1, 64),
                    "Kafka's threads reading and writing sockets, the stages' default (Kafka's own is 3). "
                            + "More serve more connections at once, on this machine's 2 cores.")
            .define(BrokerConfig.FETCH_MAX_BYTES, INT, BrokerConfig.DEFAULT_MAX_FRAME_BYTES, ConfigDef.atLeast(1024),
                    "Most bytes one fetch response carries, the stages' default (Kafka's own is 55 MB). "
                            + "Larger needs fewer fetches per MB replayed, and more memory per response.")
            .define(LOG_SEGMENT_BYTES, LONG, 128L * 1024 * 1024, ConfigDef.between(MIN_LOG_SEGMENT_BYTES, Integer.MAX_VALUE),
                    "Size at which the log rolls to a new segment file, stage 4's default (Kafka's own "
                            + "is 1 GiB). Smaller files are deleted sooner; every roll costs a file "
                            + "creation and an fsync.")
            .define(LAUNCHER, STRING, LAUNCHER_JVM, ConfigDef.in(LAUNCHER_JVM, LAUNCHER_CONTAINER),
                    "How the broker runs: jvm, Kafka's jars from Maven Central in a JVM of their own "
                            + "started by the peer, every counter readable (the runner and every contract); "
                            + "container, Kafka's apache/kafka image through Testcontainers, for the in-JVM "
                            + "contracts under -Pkafka-container, which needs a Docker engine.");

    static final ConfigDef PRODUCER = new ConfigDef(ProducerConfig.CONFIG)
            .define(BATCH_SIZE, INT, 16 * 1024, ConfigDef.atLeast(0),
                    "Upper bound, in bytes, of one partition's batch: the stages' key and default, "
                            + "which are Kafka's.")
            .define(LINGER_MS, LONG, 5L, ConfigDef.atLeast(0),
                    "How long a batch that is not full may wait for more records: the stages' key and "
                            + "default, which are Kafka's since 4.0.")
            .define(MAX_IN_FLIGHT, INT, MAX_IDEMPOTENT_IN_FLIGHT, ConfigDef.between(1, MAX_IDEMPOTENT_IN_FLIGHT),
                    "Requests in flight per connection, at most 5 as for Kafka's idempotent producer; "
                            + "the stages' key and default (stage 2 on).")
            .define(RETRIES, INT, 3, ConfigDef.atLeast(0),
                    "Resends of a failed batch, stage 2's default (Kafka's own is unbounded, within "
                            + "delivery.timeout.ms).")
            .define(RETRY_BACKOFF_MS, LONG, 100L, ConfigDef.atLeast(0),
                    "Wait before a resend: the stages' key and default, which are Kafka's.");

    static final ConfigDef CONSUMER = new ConfigDef(ConsumerConfig.CONFIG)
            .define(MAX_POLL_RECORDS, INT, 10_000, ConfigDef.atLeast(1),
                    "Most records one poll() returns, the stages' default (Kafka's own is 500).")
            .define(BrokerConfig.FETCH_MAX_BYTES, INT, BrokerConfig.DEFAULT_MAX_FRAME_BYTES, ConfigDef.atLeast(0),
                    "Most bytes one fetch asks for, the stages' default (Kafka's own is 50 MB).");

    private KafkaPeerConfig() {}

    /**
     * Kafka's producer settings for {@code props} (checked against {@link #PRODUCER}). Fixed:
     * {@code acks=all} and idempotence, as every stage acknowledges only stored records and
     * stage 2 on never stores a retried batch twice; no metrics push; {@code delivery.timeout.ms} =
     * {@code linger.ms} + {@code request.timeout.ms}, the least Kafka allows, so that a record
     * the broker does not answer fails within the request timeout, as the stages' do.
     */
    static Map<String, Object> producer(Map<String, ?> props) {
        Map<String, Object> resolved = PRODUCER.parse(props);
        Map<String, Object> kafka = new LinkedHashMap<>();
        copy(resolved, kafka, ProducerConfig.BOOTSTRAP_SERVERS, ProducerConfig.MAX_REQUEST_SIZE,
                ProducerConfig.REQUEST_TIMEOUT_MS, BATCH_SIZE, LINGER_MS, MAX_IN_FLIGHT, RETRIES, RETRY_BACKOFF_MS);
        kafka.put("acks", "all");
        kafka.put(NO_METRICS_PUSH, "false");
        kafka.put("enable.idempotence", "true");
        long requestTimeoutMs = ((Number) resolved.get(ProducerConfig.REQUEST_TIMEOUT_MS)).longValue();
        kafka.put("delivery.timeout.ms", String.valueOf(((Number) resolved.get(LINGER_MS)).longValue() + requestTimeoutMs));
        // send() waits for the partition's metadata when it has none (a broker gone): as long as a
        // stage's send may block, the request timeout, not Kafka's 60 s.
        kafka.put("max.block.ms", String.valueOf(requestTimeoutMs));
        kafka.put("key.serializer", ByteArraySerializer.class.getName());
        kafka.put("value.serializer", ByteArraySerializer.class.getName());
        return kafka;
    }

    /**
     * Kafka's consumer settings for {@code props} (checked against {@link #CONSUMER}). Fixed: no
     * group and no committed offsets (the consumer is assigned the partition and seeks, as the
     * stages' consumer does).
     */
    static Map<String, Object> consumer(Map<String, ?> props) {
        Map<String, Object> resolved = CONSUMER.parse(props);
        Map<String, Object> kafka = new LinkedHashMap<>();
        copy(resolved, kafka, ConsumerConfig.BOOTSTRAP_SERVERS, ConsumerConfig.REQUEST_TIMEOUT_MS, MAX_POLL_RECORDS,
                BrokerConfig.FETCH_MAX_BYTES);
        kafka.put("enable.auto.commit", "false");
        kafka.put(NO_METRICS_PUSH, "false");
        kafka.put("auto.offset.reset", "earliest");
        kafka.put("key.deserializer", ByteArrayDeserializer.class.getName());
        kafka.put("value.deserializer", ByteArrayDeserializer.class.getName());
        return kafka;
    }

    /** As strings, which Kafka parses into its own types (an int key refuses a Long). */
    private static void copy(Map<String, Object> from, Map<String, Object> to, String... keys) {
        for (String key : keys) {
            to.put(key, String.valueOf(from.get(key)));
        }
    }
}
