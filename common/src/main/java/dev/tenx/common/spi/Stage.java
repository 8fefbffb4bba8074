package dev.tenx.common.spi;

import dev.tenx.common.config.ConfigDef;
import dev.tenx.common.process.BrokerProcess;
import dev.tenx.common.wire.BlockingClient;
import dev.tenx.common.wire.Encoding;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One complete system, producer to broker to storage to consumer: the unit the contract suite
 * tests and the runner compares. Each stage module registers its implementation in
 * {@code META-INF/services/dev.tenx.common.spi.Stage}; {@link Stages} finds them all, so
 * neither the suite nor the runner keeps a list.
 *
 * <p>A <em>peer</em> ({@link #peer()}) implements the same interface for a system that is not one
 * of the stages (Apache Kafka, in the workshop), so that the runner measures it exactly as it
 * measures a stage and the protocol-independent contracts run against it. It is shown beside the
 * stages, under its {@link #label()}, but not numbered among them nor compared as "the previous
 * stage". Its defaults below are the ones a peer overrides: how its broker starts in a process of
 * its own, and where its counters are read.
 *
 * <p>Implementations are stateless factories and thread-safe.
 */
public interface Stage {

    /** The module name, for example {@code stage0-naive}. */
    String name();

    /** Its place in the comparison: 0 to 6; {@link #PEER_NUMBER} for a peer. */
    int number();

    /** The number of a peer: it has no place in the chain of stages. */
    int PEER_NUMBER = -1;

    /** What the tables call it: its name, unless it says more (a peer names its system and settings). */
    default String label() {
        return name();
    }

    /** Whether this is a peer to compare the stages with, not one of the stages. */
    default boolean peer() {
        return false;
    }

    /** The one technique this stage adds to the one before, in a few words. */
    String technique();

    /** The body encoding its clients and broker speak (the broker answers Stats in it). */
    Encoding encoding();

    ConfigDef brokerConfig();

    ConfigDef producerConfig();

    ConfigDef consumerConfig();

    /** Starts a broker; {@code props} are checked against {@link #brokerConfig()}. */
    Broker startBroker(Map<String, ?> props) throws IOException;

    /** A connected producer; {@code props} are checked against {@link #producerConfig()}. */
    Producer newProducer(Map<String, ?> props);

    /** A connected consumer positioned at offset 0. */
    Consumer newConsumer(Map<String, ?> props);

    /**
     * Starts a broker in a JVM of its own, as the runner and the crash contract need it (its own
     * CPU, system calls and allocation; SIGKILL-able). A stage's runs {@code BrokerMain}; a peer
     * starts its own system's broker, and its {@link BrokerProcess#pid()} is that broker's.
     */
    default BrokerProcess startBrokerProcess(Map<String, ?> props, List<String> jvmArgs, Path logFile)
            throws IOException {
        return BrokerProcess.start(this, props, jvmArgs, logFile);
    }

    /**
     * A connection to the counters of the broker at {@code broker}, whose process is
     * {@code brokerPid}: for a stage, a Stats request on its own wire, in its {@link #encoding()}.
     */
    default BrokerStats connectStats(InetSocketAddress broker, long brokerPid, Duration timeout) throws IOException {
        BlockingClient client = new BlockingClient(broker, encoding(), timeout);
        return new BrokerStats() {
            @Override
            public Map<String, Long> counters() throws IOException {
                return client.stats().counters();
            }

            @Override
            public void close() throws IOException {
                client.close();
            }
        };
    }
}
