package dev.tenx.pipeline;

import static dev.tenx.common.config.ConfigDef.Type.INT;
import static dev.tenx.common.config.ConfigDef.Type.LONG;

import dev.tenx.batching.BatchingProducerConfig;
import dev.tenx.common.config.ConfigDef;
import java.util.Map;

/**
 * The producer keys pipelining adds to {@link BatchingProducerConfig}, with Kafka's names: how
 * many requests may be on the wire at once, and how a request that fails with others behind it
 * is retried without reordering the log.
 */
public class PipelinedProducerConfig extends BatchingProducerConfig {

    public static final String MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION = "max.in.flight.requests.per.connection";
    public static final String RETRIES = "retries";
    public static final String RETRY_BACKOFF_MS = "retry.backoff.ms";

    public static final int DEFAULT_MAX_IN_FLIGHT = 5;
    public static final int DEFAULT_RETRIES = 3;
    public static final long DEFAULT_RETRY_BACKOFF_MS = 100;

    public static final ConfigDef CONFIG = new ConfigDef(BatchingProducerConfig.CONFIG)
            .define(MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, INT, DEFAULT_MAX_IN_FLIGHT,
                    ConfigDef.between(1, IdempotentProduceHandler.REMEMBERED_BATCHES),
                    "Requests sent on the connection and not yet answered, at most. 1 is stage 1: a "
                            + "round trip per batch. More keeps the wire and the broker busy while "
                            + "answers travel back; past round trip / broker time per request it only "
                            + "adds memory. At most the batches the broker remembers per producer, so "
                            + "that a retry of any batch in flight is recognised as a duplicate.")
            .define(RETRIES, INT, DEFAULT_RETRIES, ConfigDef.atLeast(0),
                    "How often a batch is sent again after its connection failed. Every batch behind "
                            + "it is resent too, in order, and the broker's sequence check answers one it "
                            + "already stored with its original offset instead of storing it twice. "
                            + "Higher rides out longer outages; a failure is reported later.")
            .define(RETRY_BACKOFF_MS, LONG, DEFAULT_RETRY_BACKOFF_MS, ConfigDef.atLeast(0),
                    "Wait before reconnecting and resending after a failure. Shorter recovers sooner; "
                            + "too short spends the retries against a broker that is still restarting.");

    public PipelinedProducerConfig(Map<String, ?> props) {
        this(CONFIG, props);
    }

    protected PipelinedProducerConfig(ConfigDef definition, Map<String, ?> props) {
        super(definition, props);
    }
}
