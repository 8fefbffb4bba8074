package dev.tenx.common.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenx.common.spi.Broker;
import dev.tenx.common.spi.ConsumedRecord;
import dev.tenx.common.spi.Consumer;
import dev.tenx.common.spi.Producer;
import dev.tenx.common.spi.RecordHandler;
import dev.tenx.common.wire.LogRecord;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The core promise, one producer and one consumer: every acknowledged record reads back
 * byte-exact, timestamp included, in offset order, and offsets are dense and monotonic from 0,
 * both as the producer is told them and as the consumer reads them. Also how the consumer moves:
 * {@code seek} sets where {@code poll} reads, and {@code poll} at the log end returns nothing; a
 * handler given to {@code poll(handler)} sees what {@code poll()} returns, and one that throws
 * leaves the position at the records it was handed.
 *
 * <p>That no acknowledgement comes before the fsync that covers its record is checked after
 * every test of the suite, this one's included ({@link AbstractStageTest}): the broker counts
 * {@code acks.before.durable} at the moment it writes an acknowledgement, against its store's
 * durable end. This contract used to read the broker's fsync count after each acknowledgement
 * instead, which any fsync satisfies: one for another connection's request, or one the store
 * makes before it writes the record. What neither check can see, a store whose durable end
 * itself runs ahead of its fsyncs, the power-loss contract sees.
 *
 * <p>A stage runs it by extending this class and implementing {@link #stage()}.
 */
public abstract class AbstractRoundTripContractTest extends AbstractStageTest {

    private static final int RECORDS = 200;

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

            assertLog("poll after one more append", polled(consumer), List.of(next));
        }
    }

    @Test
    public void seekMovesWherePollReads() {
        List<StoredRecord> acked = sendRecords(producer, 0, 50);
        try (Consumer consumer = connectConsumer(broker.address())) {
            consumer.seek(30);

            assertThat(consumer.position()).as("position after seek(30)").isEqualTo(30);
            assertLog("the first record of the first poll after seek(30)", polled(consumer).subList(0, 1),
                    List.of(acked.get(30)));
        }
    }

    @Test
    public void pollWithAHandlerHandsOverWhatPollReturns() {
        List<StoredRecord> acked = sendRecords(producer, 0, RECORDS);
        try (Consumer consumer = connectConsumer(broker.address())) {
            List<StoredRecord> handed = new ArrayList<>();
            while (consumer.position() < RECORDS) {
                int count = consumer.poll(keepingCopiesIn(handed));

                assertThat(count).as("records one poll(handler) handed over, at position=" + consumer.position())
                        .isPositive();
            }

            assertLog("the log handed to a handler from offset 0", handed, acked);
            assertThat(consumer.poll(keepingCopiesIn(handed))).as("poll(handler) at the log end").isZero();
        }
    }

    @Test
    public void pollWithAHandlerStartsAtThePositionAfterSeek() {
        List<StoredRecord> acked = sendRecords(producer, 0, 50);
        try (Consumer consumer = connectConsumer(broker.address())) {
            consumer.seek(30);
            List<StoredRecord> handed = new ArrayList<>();

            consumer.poll(keepingCopiesIn(handed));

            assertThat(handed).as("records one poll(handler) handed over after seek(30)").isNotEmpty();
            assertLog("the first record handed over after seek(30)", handed.subList(0, 1), List.of(acked.get(30)));
        }
    }

    @Test
    public void aHandlerThatThrowsLeavesThePositionAtTheRecordsItWasHanded() {
        List<StoredRecord> acked = sendRecords(producer, 0, 20);
        try (Consumer consumer = connectConsumer(broker.address())) {
            RuntimeException thrown = new IllegalStateException("the application failed");

            assertThatThrownBy(() -> consumer.poll((offset, record) -> {
                throw thrown;
            })).isSameAs(thrown);
            assertThat(consumer.position()).as("position after a handler threw").isZero();

            List<StoredRecord> handed = new ArrayList<>();
            consumer.poll(keepingCopiesIn(handed));
            assertLog("the first record handed over again", handed.subList(0, 1), List.of(acked.get(0)));
        }
    }

    /** A handler that keeps a copy of each view: a view is valid only during its call. */
    private static RecordHandler keepingCopiesIn(List<StoredRecord> kept) {
        return (offset, view) -> kept.add(StoredRecord.of(new ConsumedRecord(offset, LogRecord.copyOf(view))));
    }

    private static List<StoredRecord> polled(Consumer consumer) {
        List<StoredRecord> polled = consumer.poll().stream().map(StoredRecord::of).toList();
        assertThat(polled).as("records one poll returned").isNotEmpty();
        return polled;
    }
}
