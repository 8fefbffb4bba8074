package dev.tenx.workshop.kafka;

import dev.tenx.common.process.BrokerProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * How a Kafka peer's broker runs ({@code kafka.launcher}): {@code jvm}, Kafka's jars in a JVM the
 * peer starts ({@link KafkaServerProcess}, always here), or another registered with
 * {@link ServiceLoader}: {@code container}, Kafka's apache/kafka image through Testcontainers,
 * on the test class path under {@code -Pkafka-container} only, since it needs a Docker engine.
 * Implementations are stateless.
 */
public interface KafkaLauncher {

    /** The value of {@code kafka.launcher} that chooses it. */
    String name();

    /** Starts a broker with {@code props} ({@link KafkaPeerConfig#BROKER}) and the peer's topic configuration. */
    BrokerProcess start(Map<String, ?> props, Map<String, String> topicConfig, List<String> jvmArgs, Path logFile)
            throws IOException;

    /** The launcher {@code name} names; fails, saying where the others live, when none is on the class path. */
    static KafkaLauncher named(String name) {
        if (KafkaPeerConfig.LAUNCHER_JVM.equals(name)) {
            return new KafkaLauncher() {
                @Override
                public String name() {
                    return KafkaPeerConfig.LAUNCHER_JVM;
                }

                @Override
                public BrokerProcess start(Map<String, ?> props, Map<String, String> topicConfig, List<String> jvmArgs,
                                           Path logFile) throws IOException {
                    return KafkaServerProcess.start(props, topicConfig, jvmArgs, logFile);
                }
            };
        }
        return ServiceLoader.load(KafkaLauncher.class).stream().map(ServiceLoader.Provider::get)
                .filter(l -> l.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException(KafkaPeerConfig.LAUNCHER + "=" + name + ": no such launcher"
                        + " on the class path; the container launcher is in the workshop's -Pkafka-container profile"
                        + " (workshop/KAFKA.md), and needs a Docker engine"));
    }
}
