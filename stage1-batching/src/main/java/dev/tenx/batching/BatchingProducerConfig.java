package dev.tenx.batching;

import static dev.tenx.common.config.ConfigDef.Type.INT;
import static dev.tenx.common.config.ConfigDef.Type.LONG;

import dev.tenx.common.config.ConfigDef;
import dev.tenx.common.config.ProducerConfig;
import java.util.Map;

/**
 * The producer keys batching adds to {@link ProducerConfig}: how much, how many and how long the
 * accumulator gathers before a batch goes out. {@code batch.size} and {@code linger.ms} are
 * Kafka's keys with Kafka's defaults; {@code batch.max.records} is this project's own.
 */
public class BatchingProducerConfig extends ProducerConfig {

    public static final String BATCH_SIZE = "batch.size";
    public static final String LINGER_MS = "linger.ms";
    public static final String BATCH_MAX_RECORDS = "batch.max.records";

    public static final int DEFAULT_BATCH_SIZE = 16 * 1024;
    public static final long DEFAULT_LINGER_MS = 5;
    public static final int DEFAULT_BATCH_MAX_RECORDS = 1_000;

    public static final ConfigDef CONFIG = new ConfigDef(ProducerConfig.CONFIG)
            .define(BATCH_SIZE, INT, DEFAULT_BATCH_SIZE, ConfigDef.atLeast(0),
                    "Upper bound, in encoded bytes, of the records one request carries; a record larger "
                            + "than this goes alone. Larger batches spread a request's fixed cost (a round "
                            + "trip, three fsyncs) over more records, at the price of client memory and of "
                            + "waiting longer for a batch to fill. 0 sends every record alone. Capped by "
                            + "max.request.size.")
            .define(LINGER_MS, LONG, DEFAULT_LINGER_MS, ConfigDef.atLeast(0),
                    "How long a batch that is not full may wait for more records before it is sent. "
                            + "It bounds the wait of a lone record; under load batches fill first and it "
                            + "never applies. Higher gives fuller batches at a low rate, and adds up to "
                            + "this much to the latency of every record sent alone.")
            .define(BATCH_MAX_RECORDS, INT, DEFAULT_BATCH_MAX_RECORDS, ConfigDef.atLeast(1),
                    "Upper bound on the records one request carries, whatever their size. The store "
                            + "pays a write per record, so this bounds one request's work on the broker "
                            + "when records are tiny; at the default batch.size it binds only for records "
                            + "under a few bytes.");

    public BatchingProducerConfig(Map<String, ?> props) {
        this(CONFIG, props);
    }

    protected BatchingProducerConfig(ConfigDef definition, Map<String, ?> props) {
        super(definition, props);
    }
}
