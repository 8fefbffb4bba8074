package dev.tenx.common.spi;

import java.io.Closeable;
import java.io.IOException;
import java.util.Map;

/**
 * A connection to a running broker's counters, as the runner reads them at the two ends of a
 * measured window: {@code records.appended}, {@code requests}, {@code fsyncs}, {@code fsync.nanos},
 * {@code jvm.allocated.bytes} and whatever else the broker counts ({@code BrokerCounters} names
 * them). A stage's broker answers a Stats request on its own wire ({@link Stage#connectStats});
 * a peer that speaks another protocol reads the same events where its broker exposes them.
 *
 * <p>Not thread-safe: one thread reads through an instance.
 */
public interface BrokerStats extends Closeable {

    /** Every counter, read now. */
    Map<String, Long> counters() throws IOException;
}
