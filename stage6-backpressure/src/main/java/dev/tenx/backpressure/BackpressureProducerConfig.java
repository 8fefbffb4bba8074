package dev.tenx.backpressure;

import static dev.tenx.common.config.ConfigDef.Type.INT;
import static dev.tenx.common.config.ConfigDef.Type.LONG;

import dev.tenx.batching.BatchingProducerConfig;
import dev.tenx.common.config.ConfigDef;
import dev.tenx.common.config.ConfigException;
import dev.tenx.common.config.ProducerConfig;
import dev.tenx.pipeline.PipelinedProducerConfig;
import java.util.Map;

/**
 * The producer keys backpressure adds, Kafka's names and defaults: how much the accumulator may
 * hold, how long {@code send()} may wait for room, and how long a record may take to be answered,
 * retries included. As Kafka does, {@code delivery.timeout.ms} must cover one linger and one
 * request timeout, or a batch would expire before its first request could time out.
 */
public class BackpressureProducerConfig extends PipelinedProducerConfig {

    public static final String BUFFER_MEMORY = "buffer.memory";
    public static final String MAX_BLOCK_MS = "max.block.ms";
    public static final String DELIVERY_TIMEOUT_MS = "delivery.timeout.ms";

    public static final long DEFAULT_BUFFER_MEMORY = 32L * 1024 * 1024;
    public static final long DEFAULT_MAX_BLOCK_MS = 60_000;
    public static final int DEFAULT_DELIVERY_TIMEOUT_MS = 120_000;

    public static final ConfigDef CONFIG = new ConfigDef(PipelinedProducerConfig.CONFIG)
            .define(BUFFER_MEMORY, LONG, DEFAULT_BUFFER_MEMORY, ConfigDef.atLeast(1),
                    "Bytes of records (encoded, upper bound) the producer holds from send() until their batch is "
                            + "answered; send() waits for room beyond it. The bound on the client's memory under "
                            + "overload. It must hold what is in flight (max.in.flight.requests.per.connection "
                            + "batches of batch.size) and what fills meanwhile, or it caps throughput; beyond "
                            + "that it only lengthens the queue, and every record's wait in it.")
            .define(MAX_BLOCK_MS, LONG, DEFAULT_MAX_BLOCK_MS, ConfigDef.atLeast(0),
                    "How long send() may wait for buffer.memory before it fails with BufferExhaustedException; "
                            + "the record is then certainly not stored. 0 never blocks the caller: a full buffer "
                            + "fails the record at once. Longer rides out a slow broker, and stalls the calling "
                            + "thread that long.")
            .define(DELIVERY_TIMEOUT_MS, INT, DEFAULT_DELIVERY_TIMEOUT_MS, ConfigDef.atLeast(1),
                    "Upper bound on the time from a record's send() to its success or failure, waits in the "
                            + "accumulator, request timeouts and retries included; a batch past it fails with a "
                            + "TimeoutException wherever it is. At least linger.ms + request.timeout.ms. Shorter "
                            + "reports trouble sooner; too short fails records that a retry would have stored.");

    public BackpressureProducerConfig(Map<String, ?> props) {
        this(CONFIG, props);
    }

    protected BackpressureProducerConfig(ConfigDef definition, Map<String, ?> props) {
        super(definition, props);
        long lingerAndRequestMs = getLong(BatchingProducerConfig.LINGER_MS) + getInt(ProducerConfig.REQUEST_TIMEOUT_MS);
        if (getInt(DELIVERY_TIMEOUT_MS) < lingerAndRequestMs) {
            throw new ConfigException(DELIVERY_TIMEOUT_MS + "=" + getInt(DELIVERY_TIMEOUT_MS) + ": must be at least "
                    + BatchingProducerConfig.LINGER_MS + " + " + ProducerConfig.REQUEST_TIMEOUT_MS + " = "
                    + lingerAndRequestMs + ", or a batch would expire before its first request could time out");
        }
    }
}
