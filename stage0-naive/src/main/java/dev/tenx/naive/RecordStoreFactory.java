package dev.tenx.naive;

import dev.tenx.common.metrics.BrokerCounters;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Opens the {@link RecordStore} a broker uses: {@code PageStore::open} in stage 0. Called once,
 * by the thread that starts the broker.
 */
@FunctionalInterface
public interface RecordStoreFactory {
    RecordStore open(Path dir, BrokerCounters counters) throws IOException;
}
