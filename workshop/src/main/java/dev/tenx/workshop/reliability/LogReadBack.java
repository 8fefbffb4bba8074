package dev.tenx.workshop.reliability;

import dev.tenx.common.config.ConsumerConfig;
import dev.tenx.common.config.HostPort;
import dev.tenx.common.spi.ConsumedRecord;
import dev.tenx.common.spi.Consumer;
import dev.tenx.common.spi.Stage;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The whole log of a broker, read with a new consumer of its stage from offset 0 to the end. Stateless. */
final class LogReadBack {

    private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);

    private LogReadBack() {}

    static List<ConsumedRecord> readAll(Stage stage, InetSocketAddress broker) {
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        List<ConsumedRecord> log = new ArrayList<>();
        try (Consumer consumer = stage.newConsumer(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS, HostPort.format(broker)))) {
            consumer.seek(0);
            for (List<ConsumedRecord> batch = consumer.poll(); !batch.isEmpty(); batch = consumer.poll()) {
                log.addAll(batch);
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the log was not read to its end within " + READ_TIMEOUT.toSeconds()
                            + " s: " + log.size() + " records read");
                }
            }
        }
        return log;
    }
}
