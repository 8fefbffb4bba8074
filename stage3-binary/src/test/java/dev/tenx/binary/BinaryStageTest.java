package dev.tenx.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tenx.common.config.BrokerConfig;
import dev.tenx.common.config.HostPort;
import dev.tenx.common.config.ProducerConfig;
import dev.tenx.common.metrics.BrokerCounters;
import dev.tenx.common.spi.Broker;
import dev.tenx.common.spi.Producer;
import dev.tenx.common.spi.Stage;
import dev.tenx.pipeline.PipelinedStage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stage against the one before it, through a real broker, on what the encoding decides
 * exactly: the bytes a record costs on the wire, as the broker counts them. A 100-byte value with
 * an empty key is 113 bytes of protobuf (the record's tag and length, the key's tag and length,
 * the value's tag, length and bytes, the timestamp's tag and six-byte varint); in JSON its value
 * alone is 136 characters of base64. The broker's service-time counter counts every produce
 * request it answers.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BinaryStageTest {

    private static final int RECORDS = 500;
    private static final int VALUE_BYTES = 100;
    private static final double PROTOBUF_RECORD_BYTES = 113;
    /** What a request's frame header and envelope add, spread over its records. */
    private static final double REQUEST_OVERHEAD_PER_RECORD_BYTES = 2;

    /** How long the broker's thread may take to count a request it has answered; a bound for a hang, not a timing. */
    private static final Duration COUNTER_WAIT = Duration.ofSeconds(10);

    @TempDir
    Path pipelineDir;
    @TempDir
    Path binaryDir;

    @Test
    void aRecordCostsItsProtobufBytesOnTheWireFarFewerThanStage2sJson() throws IOException {
        double json = wireBytesPerRecord(new PipelinedStage(), pipelineDir);
        double protobuf = wireBytesPerRecord(new BinaryStage(), binaryDir);

        assertThat(protobuf).as("stage 3's wire bytes per record")
                .isCloseTo(PROTOBUF_RECORD_BYTES + REQUEST_OVERHEAD_PER_RECORD_BYTES / 2,
                        within(REQUEST_OVERHEAD_PER_RECORD_BYTES / 2));
        assertThat(json).as("stage 2's wire bytes per record, JSON with base64").isGreaterThan(1.5 * protobuf);
    }

    private static double wireBytesPerRecord(Stage stage, Path logDir) throws IOException {
        try (Broker broker = stage.startBroker(Map.of(BrokerConfig.LOG_DIR, logDir.toString(),
                BrokerConfig.LISTENERS, "127.0.0.1:0"))) {
            try (Producer producer = stage.newProducer(Map.of(ProducerConfig.BOOTSTRAP_SERVERS,
                    HostPort.format(broker.address())))) {
                for (int i = 0; i < RECORDS; i++) {
                    producer.send(new byte[0], new byte[VALUE_BYTES]);
                }
                producer.flush();
            }
            Map<String, Long> counters = countersOnceEveryRequestIsTimed(broker);
            assertThat(counters.get(BrokerCounters.RECORDS_APPENDED)).as("records appended").isEqualTo(RECORDS);
            assertThat(counters.get(BrokerCounters.PRODUCE_SERVICE_COUNT)).as("produce requests timed")
                    .isPositive().isEqualTo(counters.get(BrokerCounters.REQUESTS));
            assertThat(counters.get(BrokerCounters.PRODUCE_SERVICE_NANOS)).as("their service time").isPositive();
            return (double) counters.get(BrokerCounters.PRODUCE_REQUEST_BYTES) / RECORDS;
        }
    }

    /**
     * The broker times a request up to its response handed to the socket, and counts it just after:
     * the producer may hold the acknowledgement a moment before the broker's thread has counted it.
     */
    private static Map<String, Long> countersOnceEveryRequestIsTimed(Broker broker) {
        long deadline = System.nanoTime() + COUNTER_WAIT.toNanos();
        Map<String, Long> counters = broker.counters();
        while (!counters.get(BrokerCounters.PRODUCE_SERVICE_COUNT).equals(counters.get(BrokerCounters.REQUESTS))
                && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            counters = broker.counters();
        }
        return counters;
    }
}
