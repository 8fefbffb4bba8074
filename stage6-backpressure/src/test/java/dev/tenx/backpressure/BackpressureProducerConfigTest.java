package dev.tenx.backpressure;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenx.common.config.ConfigException;
import dev.tenx.common.config.ProducerConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code delivery.timeout.ms} must cover a linger and a request timeout, as Kafka requires. */
class BackpressureProducerConfigTest {

    @Test
    void aDeliveryTimeoutShorterThanLingerPlusRequestTimeoutIsRefusedNamingAllThree() {
        assertThatThrownBy(() -> new BackpressureProducerConfig(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS, "127.0.0.1:9",
                ProducerConfig.REQUEST_TIMEOUT_MS, 1_000,
                "linger.ms", 5,
                BackpressureProducerConfig.DELIVERY_TIMEOUT_MS, 1_004)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("delivery.timeout.ms=1004")
                .hasMessageContaining("linger.ms")
                .hasMessageContaining("request.timeout.ms")
                .hasMessageContaining("1005");
    }
}
