package dev.tenx.workshop.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenx.common.errors.BrokerException;
import dev.tenx.common.errors.DisconnectedException;
import dev.tenx.common.errors.RecordTooLargeException;
import dev.tenx.common.errors.TimeoutException;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.junit.jupiter.api.Test;

/** Kafka's failures read as the stages' Producer contract names them. */
class KafkaErrorsTest {

    @Test
    void eachKafkaFailureBecomesTheContractsException() {
        assertThat(KafkaErrors.translate(new org.apache.kafka.common.errors.RecordTooLargeException(
                "larger than 100, which is the value of the max.request.size configuration")))
                .isInstanceOf(RecordTooLargeException.class).hasMessageContaining("max.request.size");
        assertThat(KafkaErrors.translate(new org.apache.kafka.common.errors.TimeoutException("Expiring 3 record(s)")))
                .isInstanceOf(TimeoutException.class).hasMessageContaining("Expiring");
        assertThat(KafkaErrors.translate(new NetworkException("gone"))).isInstanceOf(DisconnectedException.class);
        assertThat(KafkaErrors.translate(new NotLeaderOrFollowerException("moved")))
                .isInstanceOf(BrokerException.class).hasMessageContaining("NotLeaderOrFollowerException");
    }
}
