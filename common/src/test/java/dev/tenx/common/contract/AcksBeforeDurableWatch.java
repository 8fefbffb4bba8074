package dev.tenx.common.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenx.common.metrics.BrokerCounters;
import dev.tenx.common.process.BrokerProcess;
import dev.tenx.common.spi.Broker;
import dev.tenx.common.spi.BrokerStats;
import dev.tenx.common.spi.Stage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The brokers one test started, and what each last said of {@code acks.before.durable}: the
 * number of acknowledgements it wrote while its store's durable end did not cover their records
 * ({@link BrokerCounters#ACKS_BEFORE_DURABLE}), which must be 0. A broker is read while it can
 * still answer: an in-JVM one directly, as it closes or at the end of the test; one in its own
 * process with a Stats request, before the test closes or kills it.
 *
 * <p>What it cannot see: acknowledgements a broker wrote after its last reading, which for a
 * broker killed with SIGKILL are those between the reading just before the kill and the kill.
 *
 * <p>Not thread-safe: a test and its lifecycle methods use it one after another.
 */
final class AcksBeforeDurableWatch {

    /** A broker the suite can ask for its counters while it runs. */
    private interface Watched {
        String name();

        boolean isRunning();

        Map<String, Long> counters() throws IOException;
    }

    private final Map<Watched, Long> lastRead = new LinkedHashMap<>();
    private final Duration readTimeout;

    AcksBeforeDurableWatch(Duration readTimeout) {
        this.readTimeout = readTimeout;
    }

    /** {@code broker}, whose closing is read first: close the returned one. */
    Broker watch(Broker broker) {
        WatchedBroker watched = new WatchedBroker(broker);
        lastRead.put(watched, null);
        return watched;
    }

    void watch(BrokerProcess process, Stage stage) {
        lastRead.put(new WatchedProcess(process, stage), null);
    }

    /** Reads {@code process} now, as the last chance before it is killed. */
    void readBeforeKill(BrokerProcess process) throws IOException {
        for (Watched watched : lastRead.keySet()) {
            if (watched instanceof WatchedProcess p && p.process == process) {
                read(watched);
            }
        }
    }

    /** Reads every broker still running: at the end of a test, before anything is closed. */
    void readRunning() throws IOException {
        for (Watched watched : lastRead.keySet()) {
            if (watched.isRunning()) {
                read(watched);
            }
        }
    }

    /** Fails naming every broker that wrote an acknowledgement before durability, or never said. */
    void assertNoneAcknowledgedBeforeDurable() {
        List<String> broken = new ArrayList<>();
        lastRead.forEach((watched, count) -> {
            if (count == null) {
                broken.add(watched.name() + ": never read (it reported no " + BrokerCounters.ACKS_BEFORE_DURABLE
                        + ", or stopped before the suite could ask)");
            } else if (count != 0) {
                broken.add(watched.name() + ": " + BrokerCounters.ACKS_BEFORE_DURABLE + "=" + count);
            }
        });
        assertThat(broken).as("brokers that wrote an acknowledgement while their store's durable end did not cover "
                + "its records (the broker counts it as it writes each acknowledgement)").isEmpty();
    }

    private void read(Watched watched) throws IOException {
        lastRead.put(watched, watched.counters().get(BrokerCounters.ACKS_BEFORE_DURABLE));
    }

    private final class WatchedBroker implements Broker, Watched {

        private final Broker broker;
        private boolean closed;

        WatchedBroker(Broker broker) {
            this.broker = broker;
        }

        @Override
        public String name() {
            return "broker at " + broker.address();
        }

        @Override
        public boolean isRunning() {
            return !closed;
        }

        @Override
        public InetSocketAddress address() {
            return broker.address();
        }

        @Override
        public Map<String, Long> counters() {
            return broker.counters();
        }

        @Override
        public void close() {
            if (!closed) {
                lastRead.put(this, broker.counters().get(BrokerCounters.ACKS_BEFORE_DURABLE));
                closed = true;
            }
            broker.close();
        }
    }

    private final class WatchedProcess implements Watched {

        private final BrokerProcess process;
        private final Stage stage;

        WatchedProcess(BrokerProcess process, Stage stage) {
            this.process = process;
            this.stage = stage;
        }

        @Override
        public String name() {
            return "broker process " + process.pid() + " at " + process.address();
        }

        @Override
        public boolean isRunning() {
            return process.isAlive();
        }

        @Override
        public Map<String, Long> counters() throws IOException {
            try (BrokerStats stats = stage.connectStats(process.address(), process.pid(), readTimeout)) {
                return stats.counters();
            }
        }
    }
}
