package dev.tenx.backpressure;

import static dev.tenx.common.config.ConfigDef.Type.INT;
import static dev.tenx.common.config.ConfigDef.Type.LONG;

import dev.tenx.common.config.AbstractConfig;
import dev.tenx.common.config.ConfigDef;
import dev.tenx.common.config.ConfigException;

/**
 * The broker keys backpressure adds to the previous stage's: a bound on the request bytes queued
 * across all connections and on each one, the water marks of each connection's unsent responses,
 * how long part of a frame may be held and a connection may idle, and how many connections there
 * may be. Kafka's names where Kafka has the knob ({@code queued.max.request.bytes},
 * {@code connections.max.idle.ms}, {@code max.connections}).
 */
public final class BackpressureBrokerConfig {

    public static final String QUEUED_MAX_REQUEST_BYTES = "queued.max.request.bytes";
    public static final String QUEUED_MAX_REQUEST_BYTES_PER_CONNECTION = "queued.max.request.bytes.per.connection";
    public static final String WRITE_BUFFER_HIGH_WATER_MARK = "write.buffer.high.water.mark";
    public static final String WRITE_BUFFER_LOW_WATER_MARK = "write.buffer.low.water.mark";
    public static final String REQUEST_FRAME_TIMEOUT_MS = "request.frame.timeout.ms";
    public static final String CONNECTIONS_MAX_IDLE_MS = "connections.max.idle.ms";
    public static final String MAX_CONNECTIONS = "max.connections";

    public static final long DEFAULT_QUEUED_MAX_REQUEST_BYTES = 32L * 1024 * 1024;
    /** Four default frames: a pipelining producer's five 16 KiB batches never touch it. */
    public static final long DEFAULT_QUEUED_MAX_REQUEST_BYTES_PER_CONNECTION = 4L * 1024 * 1024;
    /** Netty's defaults. */
    public static final int DEFAULT_WRITE_BUFFER_HIGH_WATER_MARK = 64 * 1024;
    public static final int DEFAULT_WRITE_BUFFER_LOW_WATER_MARK = 32 * 1024;
    public static final long DEFAULT_REQUEST_FRAME_TIMEOUT_MS = 30_000;
    /** Kafka's default: ten minutes. */
    public static final long DEFAULT_CONNECTIONS_MAX_IDLE_MS = 10 * 60 * 1000;
    public static final int DEFAULT_MAX_CONNECTIONS = 1_000;

    private BackpressureBrokerConfig() {}

    /** The previous stage's broker keys, plus the bounds'. */
    public static ConfigDef extend(ConfigDef previous) {
        return new ConfigDef(previous)
                .define(QUEUED_MAX_REQUEST_BYTES, LONG, DEFAULT_QUEUED_MAX_REQUEST_BYTES, ConfigDef.atLeast(1),
                        "Bytes of request frames read and not yet answered, across all connections, at which "
                                + "every connection stops reading until answers bring it below: a produce waiting "
                                + "for its fsync counts until its acknowledgement is written. Bounds the broker's "
                                + "queue of work, and the wait of what is in it; lower refuses bursts that a "
                                + "group commit would have absorbed. A request that crosses it is still served.")
                .define(QUEUED_MAX_REQUEST_BYTES_PER_CONNECTION, LONG, DEFAULT_QUEUED_MAX_REQUEST_BYTES_PER_CONNECTION,
                        ConfigDef.atLeast(1),
                        "The same bound for one connection: it stops reading alone, so that one client that "
                                + "pipelines without limit cannot take the whole broker-wide queue. It must hold "
                                + "what a well-behaved producer keeps in flight, or it caps its pipelining.")
                .define(WRITE_BUFFER_HIGH_WATER_MARK, INT, DEFAULT_WRITE_BUFFER_HIGH_WATER_MARK, ConfigDef.atLeast(1),
                        "Bytes of a connection's responses not yet taken by its socket above which the broker "
                                + "serves no more of its requests and stops reading it, until they drain below "
                                + "write.buffer.low.water.mark: a client that reads no responses holds at most this "
                                + "plus one response. Higher keeps a slow reader busier; lower bounds memory tighter.")
                .define(WRITE_BUFFER_LOW_WATER_MARK, INT, DEFAULT_WRITE_BUFFER_LOW_WATER_MARK, ConfigDef.atLeast(0),
                        "Bytes of unsent responses below which a connection stopped by the high water mark is "
                                + "served and read again. At most the high mark; the gap between the two keeps a "
                                + "connection from switching on and off at every response.")
                .define(REQUEST_FRAME_TIMEOUT_MS, LONG, DEFAULT_REQUEST_FRAME_TIMEOUT_MS, ConfigDef.atLeast(1),
                        "How long a connection may hold part of a request frame, while the broker reads it, "
                                + "before it is closed: a client that sends half a frame and stalls would otherwise "
                                + "hold up to socket.request.max.bytes for ever. Too short closes clients on a slow "
                                + "link in the middle of a large batch.")
                .define(CONNECTIONS_MAX_IDLE_MS, LONG, DEFAULT_CONNECTIONS_MAX_IDLE_MS, ConfigDef.atLeast(1),
                        "A connection with nothing read, written or waiting for this long is closed. Frees what "
                                + "forgotten clients hold; too short makes idle producers reconnect.")
                .define(MAX_CONNECTIONS, INT, DEFAULT_MAX_CONNECTIONS, ConfigDef.atLeast(1),
                        "Connections the broker keeps open at once; one more is closed as soon as it is "
                                + "accepted. Each may hold a partial frame of socket.request.max.bytes and its "
                                + "unsent responses, so this times those is the broker's memory bound for clients.");
    }

    /** The two water marks, checked against each other: {@code low <= high}. */
    static void checkWaterMarks(AbstractConfig config) {
        int low = config.getInt(WRITE_BUFFER_LOW_WATER_MARK);
        int high = config.getInt(WRITE_BUFFER_HIGH_WATER_MARK);
        if (low > high) {
            throw new ConfigException(WRITE_BUFFER_LOW_WATER_MARK + "=" + low + " is above " + WRITE_BUFFER_HIGH_WATER_MARK
                    + "=" + high + ": the low water mark must be at most the high one");
        }
    }
}
