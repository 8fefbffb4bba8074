package dev.tenx.common.broker;

import dev.tenx.common.config.AbstractConfig;
import dev.tenx.common.metrics.BrokerCounters;
import dev.tenx.common.wire.MessageCodec;
import java.io.IOException;

/**
 * Opens the {@link RecordStore} a broker uses, from the broker's parsed configuration (the
 * stage's own keys included, such as a log's segment size) and the codec whose records layout
 * fetches return, opening its files through {@code files} ({@link FileChannels#REAL} in a broker).
 * Called once, by the thread that starts the broker.
 */
@FunctionalInterface
public interface StoreFactory {
    RecordStore open(AbstractConfig config, MessageCodec codec, BrokerCounters counters, FileChannels files)
            throws IOException;
}
