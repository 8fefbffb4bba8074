package dev.tenx.common.config;

import static dev.tenx.common.config.ConfigDef.Type.INT;
import static dev.tenx.common.config.ConfigDef.Type.STRING;

import dev.tenx.common.wire.FrameDescriptor;
import java.util.Map;

/** Broker keys every stage shares. Kafka's names where Kafka has the same knob. */
public class BrokerConfig extends AbstractConfig {

    public static final String LISTENERS = "listeners";
    public static final String LOG_DIR = "log.dir";
    public static final String SOCKET_REQUEST_MAX_BYTES = "socket.request.max.bytes";
    public static final String NUM_NETWORK_THREADS = "num.network.threads";
    public static final String FETCH_MAX_BYTES = "fetch.max.bytes";
    public static final String REQUEST_MAX_RECORDS = "request.max.records";

    /** Large enough for one request at the producer's default {@code max.request.size}. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 1024 * 1024;

    /**
     * Far above a producer's default batch (1,000 records) and below what a frame of
     * {@link #DEFAULT_MAX_FRAME_BYTES} can hold of empty records (about 27,000 in JSON).
     */
    public static final int DEFAULT_REQUEST_MAX_RECORDS = 16 * 1024;

    /** Far above what two cores can use; a bound so that a typo cannot start thousands of threads. */
    private static final int MAX_NETWORK_THREADS = 64;

    public static final ConfigDef CONFIG = new ConfigDef()
            .define(LISTENERS, STRING, "127.0.0.1:0", ConfigDef.hostPort(),
                    "host:port to listen on; port 0 takes a free one. Loopback by default: the broker "
                            + "has no authentication, so listening on another interface should be a decision.")
            .define(LOG_DIR, STRING, ConfigDef.NO_DEFAULT, ConfigDef.nonEmpty(),
                    "Directory that holds the stored records. A broker restarted on the same directory "
                            + "serves every record it acknowledged before.")
            .define(SOCKET_REQUEST_MAX_BYTES, INT, DEFAULT_MAX_FRAME_BYTES, ConfigDef.atLeast(FrameDescriptor.HEADER_LENGTH),
                    "Largest request frame accepted, header included; larger ones get MESSAGE_TOO_LARGE and "
                            + "the connection is closed. Higher admits larger batches, and lets one client "
                            + "make the broker buffer that much per connection.")
            .define(NUM_NETWORK_THREADS, INT, 2, ConfigDef.between(1, MAX_NETWORK_THREADS),
                    "Event-loop threads serving connections. More serve more connections in parallel, "
                            + "but a stage whose store is one lock gains nothing past one writer; "
                            + "the default matches this machine's 2 cores.")
            .define(FETCH_MAX_BYTES, INT, DEFAULT_MAX_FRAME_BYTES, ConfigDef.atLeast(1),
                    "Most record bytes (as stored, per-record overhead included) one fetch response carries, "
                            + "whatever the request asks; the first record is sent even when larger. Higher means "
                            + "fewer round trips per replayed megabyte, and more memory and event-loop time that "
                            + "one consumer can claim per request.")
            .define(REQUEST_MAX_RECORDS, INT, DEFAULT_REQUEST_MAX_RECORDS, ConfigDef.atLeast(1),
                    "Most records one produce request may carry; more is refused with INVALID_REQUEST and "
                            + "nothing of it is stored. A frame of a megabyte can hold tens of thousands of empty "
                            + "records, and a store pays per record (the page store a 4 KB page each): higher "
                            + "admits larger batches, and lets one request cost the store that much more.");

    public BrokerConfig(Map<String, ?> props) {
        this(CONFIG, props);
    }

    /** A stage's own broker keys: {@code definition} extends {@link #CONFIG}. */
    public BrokerConfig(ConfigDef definition, Map<String, ?> props) {
        super(definition, props);
    }
}
