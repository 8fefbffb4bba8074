package dev.tenx.workshop.kafka;

/**
 * What the Kafka contract tests share. They run the protocol-independent contracts of common's
 * test-jar (round trip, record sizes, concurrent producers, restart, SIGKILL crash) against the
 * same-promise peer, under {@code -Pkafka-contract} only: each test starts a Kafka broker in a JVM
 * of its own, several seconds apiece.
 */
final class KafkaContract {

    /** The JUnit tag the default build excludes and -Pkafka-contract selects. */
    static final String TAG = "kafka-contract";

    /**
     * Kafka's broker counts no acknowledgement written before its records were durable; what the
     * suite cannot check that way, it checks once per broker start instead: the peer refuses to
     * start unless its topic holds {@code flush.messages=1} ({@link KafkaTopic}), and with it Kafka
     * flushes each append before the produce request completes.
     */
    static final boolean COUNTS_ACKS_BEFORE_DURABLE = false;

    /**
     * Each test method and lifecycle method's limit, where the suite gives a stage's 30 s: a Kafka
     * broker's start (a JVM, KRaft's controller, the topic) took 24 to 43 s on this shared 2-core
     * machine while other builds ran, and the restart contract starts three in one method.
     */
    static final long TIMEOUT_SECONDS = 240;

    private KafkaContract() {}
}
