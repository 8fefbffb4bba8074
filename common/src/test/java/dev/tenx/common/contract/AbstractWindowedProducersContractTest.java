package dev.tenx.common.contract;

import dev.tenx.common.spi.Broker;
import dev.tenx.common.spi.Producer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Several producers with their whole window outstanding at once: each, on its own thread and
 * connection, sends all its records without waiting for a single acknowledgement, then flushes.
 * What the batching and pipelining stages do under load, and where their bookkeeping (batches,
 * sequence numbers, requests in flight, responses matched to requests) can lose, reorder or
 * duplicate records. It proves that every record is acknowledged; that together the
 * acknowledged offsets are exactly 0..n-1; that the log holds each record at its acknowledged
 * offset, byte-exact, with the timestamp its producer gave it; and that each producer's records
 * got increasing offsets in the order it sent them.
 *
 * <p>What it cannot see: whether a stage really keeps records outstanding (stage 0's
 * {@code send} returns only once its record is acknowledged, so its window is one record, and
 * the contract is the same with fewer records), and the order of records from different producers,
 * which no stage promises.
 *
 * <p>A stage runs it by extending this class and implementing {@link #stage()}; a slow stage
 * overrides {@link #recordsPerProducer()} to stay within a few seconds.
 */
public abstract class AbstractWindowedProducersContractTest extends AbstractStageTest {

    private static final int PRODUCERS = 4;
    private static final int DEFAULT_RECORDS_PER_PRODUCER = 1_000;
    /** Sending and acknowledging the whole window: generous, since the machine is shared. */
    private static final Duration WINDOW_TIMEOUT = Duration.ofSeconds(20);

    /** Records each producer sends before it flushes: a thousand, thousands together, unless the stage is slow. */
    protected int recordsPerProducer() {
        return DEFAULT_RECORDS_PER_PRODUCER;
    }

    @Test
    public void fullWindowsAreAcknowledgedDenselyStoredAtTheirOffsetsAndInSendOrder() throws Exception {
        Broker broker = closeAfterTest(openBroker());
        int perProducer = recordsPerProducer();

        List<List<StoredRecord>> ackedByProducer = inParallel(PRODUCERS, WINDOW_TIMEOUT, producerId -> () -> {
            try (Producer producer = connectProducer(broker)) {
                return sendWholeWindowThenFlush(producer, producerId, perProducer);
            }
        });

        assertAckedTogetherDenseFromZero(ackedByProducer, PRODUCERS * perProducer);
        assertEachProducersRecordsInSendOrder(ackedByProducer, perProducer);
        assertLogHoldsAllAcked(broker, ackedByProducer);
    }

    private static List<StoredRecord> sendWholeWindowThenFlush(Producer producer, int producerId, int count) {
        List<SentRecord> window = new ArrayList<>(count);
        for (int sequence = 0; sequence < count; sequence++) {
            window.add(SentRecord.send(producer, Payloads.key(producerId, sequence), Payloads.value(producerId, sequence)));
        }
        producer.flush();
        return window.stream().map(AbstractStageTest::acknowledged).toList();
    }
}
