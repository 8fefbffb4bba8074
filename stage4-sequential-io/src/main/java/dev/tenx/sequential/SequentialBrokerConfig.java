package dev.tenx.sequential;

import static dev.tenx.common.config.ConfigDef.Type.INT;
import static dev.tenx.common.config.ConfigDef.Type.LONG;

import dev.tenx.common.config.ConfigDef;

/** The broker keys the append-only log adds to the previous stage's. Kafka's names and meanings. */
public final class SequentialBrokerConfig {

    public static final String LOG_SEGMENT_BYTES = "log.segment.bytes";
    public static final String LOG_INDEX_INTERVAL_BYTES = "log.index.interval.bytes";

    /** Kafka's default is 1 GiB; a workshop run writes a few hundred MB, so smaller segments show rolling. */
    public static final long DEFAULT_LOG_SEGMENT_BYTES = 128L * 1024 * 1024;
    /** Kafka's default: an index entry per 4 KB of batches. */
    public static final int DEFAULT_LOG_INDEX_INTERVAL_BYTES = 4 * 1024;
    /** Small enough for tests to roll segments; a batch larger than a segment gets a segment of its own. */
    private static final long MIN_LOG_SEGMENT_BYTES = 1024;

    private SequentialBrokerConfig() {}

    /** The previous stage's broker keys, plus the log's. */
    public static ConfigDef extend(ConfigDef previous) {
        return new ConfigDef(previous)
                .define(LOG_SEGMENT_BYTES, LONG, DEFAULT_LOG_SEGMENT_BYTES, ConfigDef.atLeast(MIN_LOG_SEGMENT_BYTES),
                        "Size at which the log starts a new segment file. Larger segments mean fewer files and "
                                + "fewer directory fsyncs; smaller ones let old data be dropped (not done here) "
                                + "and bound how much one file's recovery scan reads.")
                .define(LOG_INDEX_INTERVAL_BYTES, INT, DEFAULT_LOG_INDEX_INTERVAL_BYTES, ConfigDef.atLeast(1),
                        "Bytes of batches between two entries of a segment's sparse offset index. Smaller "
                                + "finds a fetch's start with less reading, at the cost of a larger index in memory.");
    }
}
