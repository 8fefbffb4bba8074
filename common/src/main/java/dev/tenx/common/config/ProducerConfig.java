package dev.tenx.common.config;

import static dev.tenx.common.config.ConfigDef.Type.INT;
import static dev.tenx.common.config.ConfigDef.Type.STRING;

import dev.tenx.common.wire.FrameDescriptor;
import java.util.Map;

/**
 * Producer keys every stage shares, named as Kafka's {@code ProducerConfig} names them. Later
 * stages add their own keys ({@code batch.size}, {@code linger.ms}, ...) by extending
 * {@link #CONFIG}.
 */
public class ProducerConfig extends AbstractConfig {

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String MAX_REQUEST_SIZE = "max.request.size";
    public static final String REQUEST_TIMEOUT_MS = "request.timeout.ms";

    public static final int DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

    public static final ConfigDef CONFIG = new ConfigDef()
            .define(BOOTSTRAP_SERVERS, STRING, ConfigDef.NO_DEFAULT, ConfigDef.hostPort(),
                    "host:port of the broker.")
            .define(MAX_REQUEST_SIZE, INT, BrokerConfig.DEFAULT_MAX_FRAME_BYTES,
                    ConfigDef.atLeast(FrameDescriptor.HEADER_LENGTH),
                    "Largest request frame the producer sends, header included; a record that cannot fit "
                            + "fails at once with RecordTooLargeException and is never sent. Keep it no higher "
                            + "than the broker's socket.request.max.bytes.")
            .define(REQUEST_TIMEOUT_MS, INT, DEFAULT_REQUEST_TIMEOUT_MS, ConfigDef.atLeast(1),
                    "How long to wait for a response before failing the request's records with a "
                            + "TimeoutException. Shorter surfaces a stuck broker sooner; too short fails "
                            + "requests that an fsync under load would have answered.");

    public ProducerConfig(Map<String, ?> props) {
        this(CONFIG, props);
    }

    protected ProducerConfig(ConfigDef definition, Map<String, ?> props) {
        super(definition, props);
    }
}
