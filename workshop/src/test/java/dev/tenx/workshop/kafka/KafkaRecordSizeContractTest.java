package dev.tenx.workshop.kafka;

import dev.tenx.common.contract.AbstractRecordSizeContractTest;
import dev.tenx.common.spi.Stage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/** The RecordSize contract against Kafka held to the stages' promise; -Pkafka-contract runs it (KAFKA.md). */
@Tag(KafkaContract.TAG)
@Timeout(value = KafkaContract.TIMEOUT_SECONDS, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class KafkaRecordSizeContractTest extends AbstractRecordSizeContractTest {

    @Override
    protected Stage stage() {
        return new KafkaSamePromise();
    }

    @Override
    protected boolean countsAcksBeforeDurable() {
        return KafkaContract.COUNTS_ACKS_BEFORE_DURABLE;
    }
}
