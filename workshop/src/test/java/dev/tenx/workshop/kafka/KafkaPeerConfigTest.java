package dev.tenx.workshop.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenx.common.config.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stages' keys become Kafka's own settings; what is Kafka's alone is fixed. */
class KafkaPeerConfigTest {

    private static final String BOOTSTRAP = "127.0.0.1:9092";

    @Test
    void theProducerGetsTheStagesDefaultsUnderKafkasNamesAndAcksAll() {
        Map<String, Object> kafka = KafkaPeerConfig.producer(Map.of("bootstrap.servers", BOOTSTRAP));

        assertThat(kafka).contains(
                Map.entry("bootstrap.servers", BOOTSTRAP),
                Map.entry("batch.size", "16384"),
                Map.entry("linger.ms", "5"),
                Map.entry("max.in.flight.requests.per.connection", "5"),
                Map.entry("max.request.size", "1048576"),
                Map.entry("request.timeout.ms", "30000"),
                Map.entry("retries", "3"),
                Map.entry("acks", "all"),
                Map.entry("enable.idempotence", "true"),
                Map.entry("enable.metrics.push", "false"));
    }

    @Test
    void aRecordTheBrokerDoesNotAnswerFailsWithinLingerAndTheRequestTimeout() {
        Map<String, Object> kafka = KafkaPeerConfig.producer(Map.of("bootstrap.servers", BOOTSTRAP,
                "linger.ms", 20, "request.timeout.ms", 5_000));

        assertThat(kafka).containsEntry("delivery.timeout.ms", "5020").containsEntry("max.block.ms", "5000");
    }

    @Test
    void theConsumerReadsAsTheStagesDoWithNoGroup() {
        Map<String, Object> kafka = KafkaPeerConfig.consumer(Map.of("bootstrap.servers", BOOTSTRAP));

        assertThat(kafka).contains(Map.entry("max.poll.records", "10000"), Map.entry("fetch.max.bytes", "1048576"),
                Map.entry("enable.auto.commit", "false"));
        assertThat(kafka).doesNotContainKey("group.id");
    }

    @Test
    void aKeyNoStageHasOrAnIdempotenceBreakingValueFailsAtStart() {
        assertThatThrownBy(() -> KafkaPeerConfig.producer(Map.of("bootstrap.servers", BOOTSTRAP, "acks", "1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("acks");
        assertThatThrownBy(() -> KafkaPeerConfig.producer(Map.of("bootstrap.servers", BOOTSTRAP,
                "max.in.flight.requests.per.connection", 6)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("max.in.flight.requests.per.connection");
    }
}
