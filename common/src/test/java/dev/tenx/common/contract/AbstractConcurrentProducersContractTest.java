package dev.tenx.common.contract;

import dev.tenx.common.spi.Broker;
import dev.tenx.common.spi.Producer;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several producers, each on its own thread and its own connection, sending at the same time:
 * together their acknowledged offsets are exactly 0..n-1 (nothing lost, nothing duplicated, no
 * gap), the log holds each acknowledged record at its offset, and each producer's records sit in
 * the log in the order it sent them.
 *
 * <p>A stage runs it by extending this class and implementing {@link #stage()}.
 */
public abstract class AbstractConcurrentProducersContractTest extends AbstractStageTest {

    private static final int PRODUCERS = 4;
    private static final int RECORDS_PER_PRODUCER = 100;

    private Broker broker;
    private List<List<StoredRecord>> ackedByProducer;

    @BeforeEach
    public void sendFromSeveralProducersAtOnce() throws Exception {
        broker = closeAfterTest(openBroker());
        ackedByProducer = sendConcurrently();
    }

    @Test
    public void acknowledgedOffsetsAreExactlyZeroToNMinusOne() {
        assertAckedTogetherDenseFromZero(ackedByProducer, PRODUCERS * RECORDS_PER_PRODUCER);
    }

    @Test
    public void theLogHoldsEveryAcknowledgedRecordAtItsOffset() {
        assertLogHoldsAllAcked(broker, ackedByProducer);
    }

    @Test
    public void eachProducersRecordsAreInItsSendOrder() {
        assertEachProducersRecordsInSendOrder(ackedByProducer, RECORDS_PER_PRODUCER);
    }

    private List<List<StoredRecord>> sendConcurrently() throws Exception {
        return inParallel(PRODUCERS, ACK_TIMEOUT.multipliedBy(2), producerId -> () -> {
            try (Producer producer = connectProducer(broker)) {
                return sendRecords(producer, producerId, RECORDS_PER_PRODUCER);
            }
        });
    }
}
