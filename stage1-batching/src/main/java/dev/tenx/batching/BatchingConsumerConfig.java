package dev.tenx.batching;

import static dev.tenx.common.config.ConfigDef.Type.INT;

import dev.tenx.common.config.BrokerConfig;
import dev.tenx.common.config.ConfigDef;
import dev.tenx.common.config.ConsumerConfig;
import java.util.Map;

/**
 * The consumer keys batching adds to {@link ConsumerConfig}: how much one fetch may return.
 * Kafka's names; {@code fetch.max.bytes} defaults to the broker's own bound, since the broker
 * clamps a fetch to its {@code fetch.max.bytes} anyway.
 */
public class BatchingConsumerConfig extends ConsumerConfig {

    public static final String MAX_POLL_RECORDS = "max.poll.records";
    public static final String FETCH_MAX_BYTES = BrokerConfig.FETCH_MAX_BYTES;

    public static final int DEFAULT_MAX_POLL_RECORDS = 10_000;

    public static final ConfigDef CONFIG = new ConfigDef(ConsumerConfig.CONFIG)
            .define(MAX_POLL_RECORDS, INT, DEFAULT_MAX_POLL_RECORDS, ConfigDef.atLeast(1),
                    "Most records one fetch asks for, so at most what one poll() returns. Higher spreads "
                            + "the round trip over more records; lower hands the application smaller "
                            + "pieces, sooner.")
            .define(FETCH_MAX_BYTES, INT, BrokerConfig.DEFAULT_MAX_FRAME_BYTES, ConfigDef.atLeast(0),
                    "Most bytes of records one fetch asks for (the first record always comes, whatever "
                            + "its size); the broker bounds it again by its own fetch.max.bytes. Higher "
                            + "needs fewer round trips per MB, at the price of a larger response in memory.");

    public BatchingConsumerConfig(Map<String, ?> props) {
        this(CONFIG, props);
    }

    protected BatchingConsumerConfig(ConfigDef definition, Map<String, ?> props) {
        super(definition, props);
    }
}
