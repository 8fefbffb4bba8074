package dev.tenx.workshop.kafka;

import dev.tenx.common.config.BrokerConfig;
import dev.tenx.common.config.HostPort;
import dev.tenx.common.process.BrokerProcess;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Uuid;

/**
 * Starts a single-node KRaft broker (broker and controller in one process) from Kafka's own jars,
 * in a JVM of its own, on a log directory of its own, bound to loopback: what the runner and the
 * crash contract get as the Kafka peer's {@link BrokerProcess}. It writes a server.properties,
 * starts {@link KafkaServerMain} with the given JVM options, and returns once the topic exists
 * with its configuration and has a leader ({@link KafkaTopic}).
 *
 * <p>Four ports on the listener's host: the client listener (the one given, or a free one), the
 * controller's, and a second client listener for the delay proxy, which advertises the port the
 * proxy will listen on. Kafka's metadata tells a client which address to connect to, so a client
 * that bootstrapped through the proxy would otherwise connect around it; on this listener it is
 * told the proxy's. Free ports are taken by binding and releasing them, which leaves a moment in
 * which another process could take one: the start then fails, naming the port.
 *
 * <p>Stateless; the caller owns the process it returns.
 */
final class KafkaServerProcess {

    static final String TOPIC = "tenx";
    private static final String CLIENT_LISTENER = "PLAINTEXT";
    private static final String PROXIED_LISTENER = "PROXIED";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final int NODE_ID = 1;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final int LOG_TAIL_CHARS = 4_000;
    private static final String CLUSTER_ID_FILE = "cluster.id";

    private KafkaServerProcess() {}

    /** Starts it with {@code props} (checked against {@link KafkaPeerConfig#BROKER}) and the topic's {@code topicConfig}. */
    static BrokerProcess start(Map<String, ?> props, Map<String, String> topicConfig, List<String> jvmArgs,
                               Path logFile) throws IOException {
        Map<String, Object> resolved = KafkaPeerConfig.BROKER.parse(props);
        InetSocketAddress listener = HostPort.parse(BrokerConfig.LISTENERS, (String) resolved.get(BrokerConfig.LISTENERS));
        String host = listener.getHostString();
        Ports ports = new Ports(listener.getPort() == 0 ? freePort(host) : listener.getPort(), freePort(host),
                freePort(host), freePort(host));
        Path dir = Files.createDirectories(Path.of((String) resolved.get(BrokerConfig.LOG_DIR)));
        Path properties = dir.resolve("server.properties");
        Files.writeString(properties, serverProperties(resolved, host, ports, dir.resolve("kafka-logs")));
        Path log4j = dir.resolve("log4j2.properties");
        Files.writeString(log4j, LOG4J_WARNINGS_TO_STDERR);

        long logStart = Files.exists(logFile) ? Files.size(logFile) : 0;
        Process process = new ProcessBuilder(command(jvmArgs, log4j, properties, clusterId(dir)))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        InetSocketAddress address = new InetSocketAddress(host, ports.client());
        try {
            KafkaTopic.createAndAwaitLeader(HostPort.format(address), TOPIC, topicConfig, process::isAlive,
                    START_TIMEOUT);
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw new IOException("the Kafka broker did not start (ports " + ports + "): " + e.getMessage()
                    + "; its log, " + logFile + ", ends with:\n" + tail(logFile, logStart), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the Kafka broker started");
        }
        return BrokerProcess.adopt(process, address, logFile, logStart, new BrokerProcess.ProxyRoute(
                new InetSocketAddress(host, ports.proxy()), new InetSocketAddress(host, ports.proxied())));
    }

    /** The broker's client listener, the one the proxy forwards to, the proxy's own, and the controller's. */
    private record Ports(int client, int proxied, int proxy, int controller) {
    }

    private static String serverProperties(Map<String, Object> resolved, String host, Ports ports, Path logDirs) {
        int requestMaxBytes = (Integer) resolved.get(BrokerConfig.SOCKET_REQUEST_MAX_BYTES);
        List<String> lines = List.of(
                "process.roles=broker,controller",
                "node.id=" + NODE_ID,
                "controller.quorum.voters=" + NODE_ID + "@" + host + ":" + ports.controller(),
                "controller.listener.names=" + CONTROLLER_LISTENER,
                "inter.broker.listener.name=" + CLIENT_LISTENER,
                "listeners=" + CLIENT_LISTENER + "://" + host + ":" + ports.client()
                        + "," + PROXIED_LISTENER + "://" + host + ":" + ports.proxied()
                        + "," + CONTROLLER_LISTENER + "://" + host + ":" + ports.controller(),
                "advertised.listeners=" + CLIENT_LISTENER + "://" + host + ":" + ports.client()
                        + "," + PROXIED_LISTENER + "://" + host + ":" + ports.proxy(),
                "listener.security.protocol.map=" + CLIENT_LISTENER + ":PLAINTEXT," + PROXIED_LISTENER + ":PLAINTEXT,"
                        + CONTROLLER_LISTENER + ":PLAINTEXT",
                "log.dirs=" + logDirs,
                "num.partitions=1",
                "auto.create.topics.enable=false",
                // One node: every internal topic has one replica.
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "socket.request.max.bytes=" + (requestMaxBytes + KafkaPeerConfig.REQUEST_HEADER_HEADROOM_BYTES),
                "num.network.threads=" + resolved.get(BrokerConfig.NUM_NETWORK_THREADS),
                "fetch.max.bytes=" + resolved.get(BrokerConfig.FETCH_MAX_BYTES),
                "log.segment.bytes=" + resolved.get(KafkaPeerConfig.LOG_SEGMENT_BYTES));
        return String.join("\n", lines) + "\n";
    }

    /** Kafka logs its warnings and errors to standard error, which goes to the broker's log file; INFO would be I/O charged to it. */
    private static final String LOG4J_WARNINGS_TO_STDERR = String.join("\n",
            "status = warn",
            "appender.err.type = Console",
            "appender.err.name = STDERR",
            "appender.err.target = SYSTEM_ERR",
            "appender.err.layout.type = PatternLayout",
            "appender.err.layout.pattern = [%d] %p %m (%c)%n",
            "rootLogger.level = WARN",
            "rootLogger.appenderRef.err.ref = STDERR") + "\n";

    /**
     * The cluster id of the broker on {@code dir}: new the first time, the same at every restart,
     * since Kafka's format checks it against the one its log directory was formatted with.
     */
    private static String clusterId(Path dir) throws IOException {
        Path file = dir.resolve(CLUSTER_ID_FILE);
        if (Files.exists(file)) {
            return Files.readString(file).trim();
        }
        String id = Uuid.randomUuid().toString();
        Files.writeString(file, id);
        return id;
    }

    private static List<String> command(List<String> jvmArgs, Path log4j, Path properties, String clusterId)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-Dlog4j2.configurationFile=" + log4j);
        command.add("-cp");
        command.add(KafkaClasspath.forBroker(KafkaPeer.VERSION));
        command.add(KafkaServerMain.class.getName());
        command.add(properties.toString());
        command.add(clusterId);
        return command;
    }

    private static int freePort(String host) throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path logFile, long from) {
        try {
            byte[] bytes = Files.readAllBytes(logFile);
            int start = (int) Math.max(from, bytes.length - LOG_TAIL_CHARS);
            return new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
