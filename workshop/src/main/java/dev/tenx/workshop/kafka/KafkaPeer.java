package dev.tenx.workshop.kafka;

import dev.tenx.common.config.BrokerConfig;
import dev.tenx.common.config.ConfigDef;
import dev.tenx.common.process.BrokerProcess;
import dev.tenx.common.spi.Broker;
import dev.tenx.common.spi.BrokerStats;
import dev.tenx.common.spi.Consumer;
import dev.tenx.common.spi.Producer;
import dev.tenx.common.spi.Stage;
import dev.tenx.common.wire.Encoding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.io.InputStream;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Apache Kafka as a peer of the stages ({@link Stage#peer()}): the runner measures it as it
 * measures a stage, and the protocol-independent contracts run against it. Its broker is a
 * single-node KRaft broker in a JVM of its own ({@link KafkaLauncher}); its clients are Kafka's
 * own, behind the stages' interfaces ({@link KafkaPeerProducer}, {@link KafkaPeerConsumer}), with
 * the stages' keys and defaults where Kafka has the same key ({@link KafkaPeerConfig}); its
 * counters come over JMX ({@link KafkaJmxStats}). The two peers differ only in the configuration
 * of their topic: {@link KafkaSamePromise} and {@link KafkaDefaults}. See workshop/KAFKA.md.
 *
 * <p>Stateless; thread-safe.
 */
public abstract class KafkaPeer implements Stage {

    /** The release of Kafka's clients on this class path; the broker's is checked against it. */
    static final String VERSION = clientVersion();
    /** A broker started in the caller's test gets small, quick options, as the crash contract gives a stage's. */
    private static final List<String> IN_TEST_JVM_ARGS = List.of("-Xmx512m", "-XX:+UseSerialGC");
    private static final String IN_TEST_LOG_FILE = "kafka-broker.log";

    private final String name;
    private final String label;
    private final String technique;
    private final Map<String, String> topicConfig;

    protected KafkaPeer(String name, String label, String technique, Map<String, String> topicConfig) {
        this.name = name;
        this.label = "kafka " + VERSION + " " + label;
        this.technique = technique;
        this.topicConfig = Map.copyOf(topicConfig);
    }

    /** What kafka-clients says it is, in the resource its own version report reads. */
    private static String clientVersion() {
        try (InputStream in = KafkaProducer.class.getResourceAsStream("/kafka/kafka-version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException("reading kafka-clients' version", e);
        }
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String label() {
        return label;
    }

    @Override
    public final boolean peer() {
        return true;
    }

    @Override
    public final int number() {
        return PEER_NUMBER;
    }

    @Override
    public final String technique() {
        return technique;
    }

    /** Kafka speaks its own protocol, not this project's frames: nothing may ask it for a Stats frame. */
    @Override
    public final Encoding encoding() {
        throw new UnsupportedOperationException(name + " speaks Kafka's protocol; its counters come from connectStats");
    }

    /** The configuration its topic is created with and checked for at every start. */
    public final Map<String, String> topicConfig() {
        return topicConfig;
    }

    @Override
    public final ConfigDef brokerConfig() {
        return KafkaPeerConfig.BROKER;
    }

    @Override
    public final ConfigDef producerConfig() {
        return KafkaPeerConfig.PRODUCER;
    }

    @Override
    public final ConfigDef consumerConfig() {
        return KafkaPeerConfig.CONSUMER;
    }

    /** Kafka's jars in a JVM of its own ({@code kafka.launcher=jvm}, the only launcher whose broker is a child process). */
    @Override
    public final BrokerProcess startBrokerProcess(Map<String, ?> props, List<String> jvmArgs, Path logFile)
            throws IOException {
        String launcher = (String) KafkaPeerConfig.BROKER.parse(props).get(KafkaPeerConfig.LAUNCHER);
        if (!KafkaPeerConfig.LAUNCHER_JVM.equals(launcher)) {
            throw new IllegalArgumentException(KafkaPeerConfig.LAUNCHER + "=" + launcher + ": the runner and the crash "
                    + "contract need the broker's own process (its /proc, SIGKILL); only " + KafkaPeerConfig.LAUNCHER
                    + "=" + KafkaPeerConfig.LAUNCHER_JVM + " gives one");
        }
        return KafkaServerProcess.start(props, topicConfig, jvmArgs, logFile);
    }

    /**
     * Kafka's broker cannot run in the caller's JVM (its class path is its own), so this starts
     * it in a JVM of its own too, or in a container ({@link KafkaLauncher}), its output in
     * {@value #IN_TEST_LOG_FILE} beside {@code log.dir}.
     */
    @Override
    public final Broker startBroker(Map<String, ?> props) throws IOException {
        Map<String, Object> resolved = KafkaPeerConfig.BROKER.parse(props);
        Path logDir = Path.of((String) resolved.get(BrokerConfig.LOG_DIR));
        Path logFile = logDir.toAbsolutePath().resolveSibling(logDir.getFileName() + "-" + IN_TEST_LOG_FILE);
        String launcher = (String) resolved.get(KafkaPeerConfig.LAUNCHER);
        if (!KafkaPeerConfig.LAUNCHER_JVM.equals(launcher)) {
            return KafkaLauncher.named(launcher).start(props, topicConfig, logFile);
        }
        return new ProcessBroker(startBrokerProcess(props, IN_TEST_JVM_ARGS, logFile));
    }

    @Override
    public final Producer newProducer(Map<String, ?> props) {
        return new KafkaPeerProducer(KafkaPeerConfig.producer(props), KafkaServerProcess.TOPIC);
    }

    @Override
    public final Consumer newConsumer(Map<String, ?> props) {
        return new KafkaPeerConsumer(KafkaPeerConfig.consumer(props), KafkaServerProcess.TOPIC);
    }

    @Override
    public final BrokerStats connectStats(InetSocketAddress broker, long brokerPid, Duration timeout) throws IOException {
        return KafkaJmxStats.attach(brokerPid);
    }

    /** A broker process seen as a {@link Broker}; its counters are read over JMX at each call. */
    private final class ProcessBroker implements Broker {

        private final BrokerProcess process;

        ProcessBroker(BrokerProcess process) {
            this.process = process;
        }

        @Override
        public InetSocketAddress address() {
            return process.address();
        }

        @Override
        public long pid() {
            return process.pid();
        }

        @Override
        public Map<String, Long> counters() {
            try (BrokerStats stats = connectStats(process.address(), process.pid(), Duration.ZERO)) {
                return stats.counters();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            process.close();
        }
    }
}
