package dev.tenx.common.config;

import static dev.tenx.common.config.ConfigDef.Type.INT;
import static dev.tenx.common.config.ConfigDef.Type.STRING;

import java.util.Map;

/** Consumer keys every stage shares, named as Kafka's {@code ConsumerConfig} names them. */
public class ConsumerConfig extends AbstractConfig {

    public static final String BOOTSTRAP_SERVERS = ProducerConfig.BOOTSTRAP_SERVERS;
    public static final String REQUEST_TIMEOUT_MS = ProducerConfig.REQUEST_TIMEOUT_MS;

    public static final ConfigDef CONFIG = new ConfigDef()
            .define(BOOTSTRAP_SERVERS, STRING, ConfigDef.NO_DEFAULT, ConfigDef.hostPort(),
                    "host:port of the broker.")
            .define(REQUEST_TIMEOUT_MS, INT, ProducerConfig.DEFAULT_REQUEST_TIMEOUT_MS, ConfigDef.atLeast(1),
                    "How long to wait for a fetch response before poll() fails with a TimeoutException.");

    public ConsumerConfig(Map<String, ?> props) {
        this(CONFIG, props);
    }

    protected ConsumerConfig(ConfigDef definition, Map<String, ?> props) {
        super(definition, props);
    }
}
