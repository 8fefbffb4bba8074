package dev.tenx.workshop.kafka;

import dev.tenx.common.errors.BrokerException;
import dev.tenx.common.errors.DisconnectedException;
import dev.tenx.common.errors.RecordTooLargeException;
import dev.tenx.common.errors.TimeoutException;
import dev.tenx.common.wire.ErrorCode;
import org.apache.kafka.common.errors.DisconnectException;
import org.apache.kafka.common.errors.NetworkException;

/**
 * Kafka's client exceptions as the stages' {@code Producer} contract names them, so that the
 * contract tests and the runner read a Kafka failure as they read a stage's. Kafka's message is
 * kept: its record-too-large message names {@code max.request.size}, as the stages' does.
 * Stateless.
 */
final class KafkaErrors {

    private KafkaErrors() {}

    static RuntimeException translate(Throwable kafka) {
        if (kafka instanceof org.apache.kafka.common.errors.RecordTooLargeException) {
            return withCause(new RecordTooLargeException(kafka.getMessage()), kafka);
        }
        if (kafka instanceof org.apache.kafka.common.errors.TimeoutException) {
            // Kafka's producer expires a batch it could not deliver within delivery.timeout.ms:
            // broker gone or not answering, the record not known to be stored.
            return withCause(new TimeoutException(kafka.getMessage()), kafka);
        }
        if (kafka instanceof NetworkException || kafka instanceof DisconnectException) {
            return new DisconnectedException(kafka.getMessage(), kafka);
        }
        if (kafka instanceof org.apache.kafka.common.errors.ApiException) {
            return withCause(new BrokerException(ErrorCode.INVALID_REQUEST, kafka.getClass().getSimpleName() + ": "
                    + kafka.getMessage()), kafka);
        }
        return kafka instanceof RuntimeException r ? r : new IllegalStateException(kafka);
    }

    private static RuntimeException withCause(RuntimeException e, Throwable cause) {
        e.initCause(cause);
        return e;
    }
}
