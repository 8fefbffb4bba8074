package dev.tenx.workshop.kafka;

import dev.tenx.common.contract.AbstractCrashContractTest;
import dev.tenx.common.spi.Stage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * SIGKILL of the Kafka broker's own JVM with every producer's window full, then a new broker on
 * the same log directory: every acknowledged record must be there. -Pkafka-contract runs it.
 */
@Tag(KafkaContract.TAG)
@Timeout(value = 2 * KafkaContract.TIMEOUT_SECONDS, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class KafkaCrashContractTest extends AbstractCrashContractTest {

    @Override
    protected Stage stage() {
        return new KafkaSamePromise();
    }

    @Override
    protected boolean countsAcksBeforeDurable() {
        return KafkaContract.COUNTS_ACKS_BEFORE_DURABLE;
    }

    /** Kafka's idempotent producer: a retried batch is never stored twice. */
    @Override
    protected boolean promisesIdempotence() {
        return true;
    }
}
