package dev.tenx.workshop.kafka;

import dev.tenx.common.config.HostPort;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The peer's one topic: one partition, one replica, and the configuration that makes the peer
 * what it says it is ({@code flush.messages=1} for the same promise). Created when the broker
 * first answers, found again after a restart, and in both cases read back: a broker whose topic
 * does not hold the configuration its peer claims fails to start, rather than be measured under
 * the wrong label. Stateless.
 */
final class KafkaTopic {

    private static final Duration RETRY_INTERVAL = Duration.ofMillis(200);
    private static final int ADMIN_REQUEST_TIMEOUT_MS = 5_000;

    private KafkaTopic() {}

    /**
     * Creates {@code topic} with {@code config} at the broker at {@code bootstrap} (or finds it),
     * checks its configuration, and waits until its partition has a leader; retries while the
     * broker starts, fails once {@code alive} says the broker's process is gone or after {@code timeout}.
     */
    static void createAndAwaitLeader(String bootstrap, String topic, Map<String, String> config,
                                     BooleanSupplier alive, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (true) {
            if (!alive.getAsBoolean()) {
                throw new IOException("the broker's process exited", last);
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("no topic " + topic + " with a leader within " + timeout.toSeconds() + " s", last);
            }
            // A new client per attempt: one whose broker was not listening yet may have given up for good.
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ADMIN_REQUEST_TIMEOUT_MS,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2 * ADMIN_REQUEST_TIMEOUT_MS))) {
                if (listening(bootstrap)) {
                    createOrFind(admin, topic, config);
                    checkConfig(admin, topic, config);
                    if (hasLeader(admin, topic)) {
                        return;
                    }
                }
            } catch (ExecutionException e) {
                last = e; // the broker is still starting: retry
            }
            Thread.sleep(RETRY_INTERVAL.toMillis());
        }
    }

    /** Whether the broker accepts a connection yet: cheaper to ask than an admin request that times out. */
    private static boolean listening(String bootstrap) {
        InetSocketAddress address = HostPort.parse("bootstrap", bootstrap);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address.getHostString(), address.getPort()), ADMIN_REQUEST_TIMEOUT_MS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void createOrFind(Admin admin, String topic, Map<String, String> config)
            throws ExecutionException, InterruptedException {
        try {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(config))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    private static void checkConfig(Admin admin, String topic, Map<String, String> expected)
            throws ExecutionException, InterruptedException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config actual = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        expected.forEach((key, value) -> {
            ConfigEntry entry = actual.get(key);
            if (entry == null || !value.equals(entry.value())) {
                throw new IllegalStateException("topic " + topic + " has " + key + "="
                        + (entry == null ? null : entry.value()) + ", expected " + value);
            }
        });
    }

    private static boolean hasLeader(Admin admin, String topic) throws ExecutionException, InterruptedException {
        TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        return description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
    }
}
