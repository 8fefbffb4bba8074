package dev.tenx.workshop.kafka;

import dev.tenx.common.contract.AbstractRoundTripContractTest;
import dev.tenx.common.spi.Stage;
import java.util.Map;
import org.junit.jupiter.api.Tag;

/**
 * The round-trip contract against the same-promise peer in Kafka's own container image
 * ({@link KafkaContainerLauncher}). Only under {@code -Pkafka-container}, and only where a Docker
 * engine runs: this machine and CI have none, and here every test fails with the launcher's
 * "no Docker engine" message (workshop/KAFKA.md).
 */
@Tag("kafka-container")
class KafkaContainerRoundTripTest extends AbstractRoundTripContractTest {

    @Override
    protected Stage stage() {
        return new KafkaSamePromise();
    }

    @Override
    protected Map<String, Object> extraBrokerProps() {
        return Map.of(KafkaPeerConfig.LAUNCHER, KafkaPeerConfig.LAUNCHER_CONTAINER);
    }

    @Override
    protected boolean countsAcksBeforeDurable() {
        return KafkaContract.COUNTS_ACKS_BEFORE_DURABLE;
    }
}
