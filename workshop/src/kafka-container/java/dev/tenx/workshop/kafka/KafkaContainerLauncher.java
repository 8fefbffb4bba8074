package dev.tenx.workshop.kafka;

import dev.tenx.common.config.HostPort;
import dev.tenx.common.spi.Broker;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * {@code kafka.launcher=container}: Kafka's own image, {@code apache/kafka} at the clients'
 * release, through Testcontainers (a single-node KRaft broker, as the jvm launcher's), with the
 * peer's topic created and checked as there ({@link KafkaTopic}). The broker's files live in the
 * container, not in {@code log.dir}, and its JVM cannot be attached to from here: this launcher
 * serves the in-JVM contracts, under {@code -Pkafka-container}, on a machine with a Docker engine.
 * Where there is none, {@link #start} fails, saying so.
 */
public final class KafkaContainerLauncher implements KafkaLauncher {

    static final DockerImageName IMAGE = DockerImageName.parse("apache/kafka").withTag(KafkaPeer.VERSION);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    @Override
    public String name() {
        return KafkaPeerConfig.LAUNCHER_CONTAINER;
    }

    @Override
    public Broker start(Map<String, ?> props, Map<String, String> topicConfig, Path logFile) throws IOException {
        KafkaContainer container = new KafkaContainer(IMAGE);
        try {
            container.start();
        } catch (IllegalStateException e) {
            throw new IOException("kafka.launcher=container: Testcontainers found no Docker engine on this machine ("
                    + e.getMessage() + "). This launcher needs one; kafka.launcher=jvm, the default, runs Kafka "
                    + "from its jars without one", e);
        }
        try {
            KafkaTopic.createAndAwaitLeader(container.getBootstrapServers(), KafkaServerProcess.TOPIC, topicConfig,
                    container::isRunning, START_TIMEOUT);
        } catch (InterruptedException e) {
            container.stop();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the Kafka container started");
        } catch (IOException | RuntimeException e) {
            container.stop();
            throw e;
        }
        return new ContainerBroker(container);
    }

    /** The container as a {@link Broker}; it reports no counters (no JMX from the host). */
    private record ContainerBroker(KafkaContainer container) implements Broker {

        @Override
        public InetSocketAddress address() {
            InetSocketAddress address = HostPort.parse("bootstrap", container.getBootstrapServers());
            return new InetSocketAddress(address.getHostString(), address.getPort());
        }

        @Override
        public long pid() {
            return container.getContainerInfo().getState().getPidLong();
        }

        @Override
        public Map<String, Long> counters() {
            return Map.of();
        }

        @Override
        public void close() {
            container.stop();
        }
    }
}
