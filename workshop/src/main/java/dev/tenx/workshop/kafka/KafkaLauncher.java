package dev.tenx.workshop.kafka;

import dev.tenx.common.spi.Broker;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Another way to run a Kafka peer's broker than Kafka's jars in a JVM the peer starts
 * ({@link KafkaServerProcess}, {@code kafka.launcher=jvm}, always here), registered with
 * {@link ServiceLoader}: {@code container}, Kafka's apache/kafka image through Testcontainers,
 * on the test class path under {@code -Pkafka-container} only, since it needs a Docker engine.
 * Such a broker is not a child process of this JVM, so it serves the in-JVM contracts
 * ({@link KafkaPeer#startBroker}); the runner and the crash contract, which need the broker's own
 * process, run the jvm launcher. Implementations are stateless.
 */
public interface KafkaLauncher {

    /** The value of {@code kafka.launcher} that chooses it. */
    String name();

    /** Starts a broker with {@code props} ({@link KafkaPeerConfig#BROKER}) and the peer's topic configuration. */
    Broker start(Map<String, ?> props, Map<String, String> topicConfig, Path logFile) throws IOException;

    /** The launcher {@code name} names; fails, saying where it lives, when it is not on the class path. */
    static KafkaLauncher named(String name) {
        String missing = KafkaPeerConfig.LAUNCHER + "=" + name + ": no such launcher on the class path; the container"
                + " launcher is in the workshop's -Pkafka-container profile (workshop/KAFKA.md), and needs a Docker engine";
        try {
            return ServiceLoader.load(KafkaLauncher.class).stream().map(ServiceLoader.Provider::get)
                    .filter(l -> l.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalStateException(missing));
        } catch (ServiceConfigurationError e) {
            // A registration left in target/ by an earlier -Pkafka-container build, its class not compiled now.
            throw new IllegalStateException(missing + " (" + e.getMessage() + ")", e);
        }
    }
}
