package dev.tenx.common.spi;

import java.net.InetSocketAddress;
import java.util.Map;

/** A running broker: a server and its storage. Closing it releases the port and the files. */
public interface Broker extends AutoCloseable {

    /** The address it listens on, with the real port when {@code listeners} asked for port 0. */
    InetSocketAddress address();

    /**
     * The process that does the broker's work: this JVM for a stage's broker started in it, the
     * broker's own JVM for a peer that runs its system's broker beside the caller.
     */
    default long pid() {
        return ProcessHandle.current().pid();
    }

    /** The counters a Stats request returns; see {@code BrokerCounters}. */
    Map<String, Long> counters();

    @Override
    void close();
}
