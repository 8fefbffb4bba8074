package dev.tenx.workshop.kafka;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Where Kafka's broker jars are: the class path workshop/kafka-server writes, under the profiles
 * that run Kafka, to {@code workshop/kafka-server/target/kafka-classpath.txt}. Found next to this
 * module's classes ({@code workshop/target/classes} or {@code test-classes}), or wherever the
 * System property {@value #FILE_PROPERTY} says. Stateless.
 */
final class KafkaClasspath {

    static final String FILE_PROPERTY = "kafka.classpath.file";
    private static final String BROKER_JAR_PREFIX = "kafka_2.13-";
    private static final String HOW_TO_RESOLVE = "Kafka's broker is resolved by the profiles that run it: "
            + "./mvnw -B -q verify -DskipTests -Pcompare (or -Pcompare-kafka, -Pkafka-contract), from the "
            + "repository's root";

    private KafkaClasspath() {}

    /**
     * The class path of Kafka's broker, this JDK-only launcher's location appended
     * ({@link KafkaServerMain}). Fails, saying how to resolve it, when the file is missing, and
     * when it holds another Kafka release than the clients on this class path.
     */
    static String forBroker(String clientVersion) throws IOException {
        Path file = file();
        if (!Files.isRegularFile(file)) {
            throw new IOException("no Kafka class path at " + file.toAbsolutePath() + ". " + HOW_TO_RESOLVE);
        }
        String classpath = Files.readString(file).trim();
        List<String> entries = Arrays.asList(classpath.split(File.pathSeparator));
        String brokerJar = BROKER_JAR_PREFIX + clientVersion + ".jar";
        if (entries.stream().noneMatch(e -> Path.of(e).getFileName().toString().equals(brokerJar))) {
            throw new IOException(file + " has no " + brokerJar + ": the broker's release must be the clients' ("
                    + clientVersion + "), set in workshop/kafka-server/pom.xml and the root pom. " + HOW_TO_RESOLVE);
        }
        return classpath + File.pathSeparator + ownLocation();
    }

    static Path file() {
        String given = System.getProperty(FILE_PROPERTY);
        if (given != null && !given.isBlank()) {
            return Path.of(given);
        }
        // workshop/target/classes -> workshop/kafka-server/target/kafka-classpath.txt
        return ownLocation().getParent().getParent().resolve("kafka-server").resolve("target")
                .resolve("kafka-classpath.txt");
    }

    private static Path ownLocation() {
        try {
            return Path.of(KafkaServerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the workshop's classes are not in a file: " + e.getMessage(), e);
        }
    }
}
