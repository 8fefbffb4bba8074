package dev.tenx.common.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenx.common.metrics.BrokerCounters;
import dev.tenx.common.spi.Broker;
import dev.tenx.common.spi.Consumer;
import dev.tenx.common.spi.Producer;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The core promise, one producer and one consumer: every acknowledged record reads back
 * byte-exact, in offset order, and offsets are dense and monotonic from 0, both as the producer
 * is told them and as the consumer reads them; and no acknowledgement comes before an fsync
 * covers its record. Also how the consumer moves: {@code seek} sets
 * where {@code poll} reads, and {@code poll} at the log end returns nothing.
 *
 * <p>A stage runs it by extending this class and implementing {@link #stage()}.
 */
public abstract class AbstractRoundTripContractTest extends AbstractStageTest {

    private static final int RECORDS = 200;
    private static final int FSYNC_CHECKED_RECORDS = 20;

    private Broker broker;
    private Producer producer;

    @BeforeEach
    public void startBrokerAndProducer() throws Exception {
        broker = closeAfterTest(openBroker());
        producer = closeAfterTest(connectProducer(broker));
    }

    @Test
    public void everyAcknowledgedRecordReadsBackByteExactInOffsetOrder() {
        List<StoredRecord> acked = sendRecords(producer, 0, RECORDS);

        assertLog("the log read back from offset 0", readLog(broker), acked);
    }

    /**
     * The other half of the durability contract, the half the crash test cannot see: SIGKILL
     * ends the broker's process but not the page cache, so a stage that acknowledged after
     * {@code write} and before {@code fsync} would survive it. With one record in flight at a
     * time no fsync can cover two acknowledgements, so each one must follow a new fsync.
     */
    @Test
    public void everyAcknowledgementWaitsForAnFsyncThatCoversIt() {
        for (int i = 0; i < FSYNC_CHECKED_RECORDS; i++) {
            long fsyncsBefore = broker.counters().get(BrokerCounters.FSYNCS);

            StoredRecord acked = send(producer, Payloads.key(0, i), Payloads.value(0, i));

            assertThat(broker.counters().get(BrokerCounters.FSYNCS))
                    .as("fsyncs counted by the broker when record %d was acknowledged", acked.offset())
                    .isGreaterThan(fsyncsBefore);
        }
    }

    @Test
    public void acknowledgedOffsetsAreDenseFromZero() {
        List<StoredRecord> acked = sendRecords(producer, 0, RECORDS);

        assertOffsets("offsets in acknowledgements, in send order", offsetsOf(acked), 0, RECORDS);
    }

    @Test
    public void consumedOffsetsAreDenseFromZero() {
        sendRecords(producer, 0, RECORDS);

        List<StoredRecord> log = readLog(broker);

        assertThat(log).hasSize(RECORDS);
        assertDenseFromZero(log);
    }

    @Test
    public void pollOnAnEmptyLogReturnsNothing() {
        try (Consumer consumer = connectConsumer(broker.address())) {
            assertThat(consumer.position()).as("a new consumer's position").isZero();
            assertThat(consumer.poll()).as("poll on an empty log").isEmpty();
            assertThat(consumer.position()).as("position after an empty poll").isZero();
        }
    }

    @Test
    public void pollAtTheLogEndReturnsNothingUntilMoreIsAppended() {
        List<StoredRecord> first = sendRecords(producer, 0, 10);
        try (Consumer consumer = connectConsumer(broker.address())) {
            assertLog("the log read from the start", readFromStart(consumer), first);
            assertThat(consumer.position()).as("position at the log end").isEqualTo(first.size());
            assertThat(consumer.poll()).as("poll at the log end").isEmpty();

            StoredRecord next = send(producer, Payloads.key(1, 0), Payloads.value(1, 0));

            assertThat(consumer.poll()).as("poll after one more append").map(StoredRecord::of).containsExactly(next);
        }
    }

    @Test
    public void seekMovesWherePollReads() {
        List<StoredRecord> acked = sendRecords(producer, 0, 50);
        try (Consumer consumer = connectConsumer(broker.address())) {
            consumer.seek(30);

            assertThat(consumer.position()).as("position after seek(30)").isEqualTo(30);
            assertThat(consumer.poll()).as("first poll after seek(30)").isNotEmpty()
                    .first().extracting(StoredRecord::of).isEqualTo(acked.get(30));
        }
    }
}
