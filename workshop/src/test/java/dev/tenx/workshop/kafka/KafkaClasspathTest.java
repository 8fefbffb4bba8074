package dev.tenx.workshop.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without Kafka's broker resolved, a peer says which profile resolves it; with another release, which two differ. */
class KafkaClasspathTest {

    @TempDir
    Path dir;

    @AfterEach
    void clear() {
        System.clearProperty(KafkaClasspath.FILE_PROPERTY);
    }

    @Test
    void aMissingClassPathNamesTheProfilesThatResolveIt() {
        System.setProperty(KafkaClasspath.FILE_PROPERTY, dir.resolve("none.txt").toString());

        assertThatThrownBy(() -> KafkaClasspath.forBroker("4.4.0"))
                .isInstanceOf(IOException.class).hasMessageContaining("-Pcompare");
    }

    @Test
    void anotherBrokerReleaseThanTheClientsIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("kafka-classpath.txt"), "/m2/kafka_2.13-4.3.1.jar:/m2/scala.jar");
        System.setProperty(KafkaClasspath.FILE_PROPERTY, file.toString());

        assertThatThrownBy(() -> KafkaClasspath.forBroker("4.4.0"))
                .isInstanceOf(IOException.class).hasMessageContaining("kafka_2.13-4.4.0.jar");
    }

    @Test
    void theBrokersClassPathEndsWithTheLauncher() throws IOException {
        Path file = Files.writeString(dir.resolve("kafka-classpath.txt"), "/m2/kafka_2.13-4.4.0.jar:/m2/scala.jar\n");
        System.setProperty(KafkaClasspath.FILE_PROPERTY, file.toString());

        assertThat(KafkaClasspath.forBroker("4.4.0")).startsWith("/m2/kafka_2.13-4.4.0.jar:/m2/scala.jar:")
                .doesNotContain("\n");
    }
}
