package dev.tenx.common.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenx.common.config.BrokerConfig;
import dev.tenx.common.config.ProducerConfig;
import dev.tenx.common.errors.RecordTooLargeException;
import dev.tenx.common.spi.Broker;
import dev.tenx.common.spi.Producer;
import dev.tenx.common.spi.RecordMetadata;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Record sizes at both ends. Empty keys and values are records like any other. With the
 * producer's {@code max.request.size} equal to the broker's {@code socket.request.max.bytes},
 * the largest value the producer accepts is stored and read back byte-exact, is a sane fraction
 * of the limit, and one byte more is refused. A refused record fails at once: {@code send}
 * returns a future already failed with {@link RecordTooLargeException} naming
 * {@code max.request.size}, and nothing reaches the broker.
 *
 * <p>A stage runs it by extending this class and implementing {@link #stage()}.
 */
public abstract class AbstractRecordSizeContractTest extends AbstractStageTest {

    protected static final int LIMIT = 64 * 1024;

    private static final byte[] EMPTY = new byte[0];
    private static final byte[] KEY = "size".getBytes(StandardCharsets.UTF_8);

    private Broker broker;
    private Producer producer;
    private final List<StoredRecord> acked = new ArrayList<>();

    @BeforeEach
    public void startBrokerAndProducerWithTheSameLimit() throws Exception {
        broker = closeAfterTest(openBroker(Map.of(BrokerConfig.SOCKET_REQUEST_MAX_BYTES, LIMIT)));
        producer = closeAfterTest(connectProducer(broker.address(), Map.of(ProducerConfig.MAX_REQUEST_SIZE, LIMIT)));
    }

    @Test
    public void emptyKeysAndValuesReadBackAsEmpty() {
        List<StoredRecord> sent = List.of(
                send(producer, EMPTY, EMPTY),
                send(producer, KEY, EMPTY),
                send(producer, EMPTY, Payloads.randomBytes(10, 1)));

        assertLog("records with empty keys or values, read back", readLog(broker), sent);
    }

    @Test
    public void theLargestAcceptedValueReadsBackByteExact() {
        int largest = largestAcceptedValueLength();
        StoredRecord atTheLimit = recordAck(send(producer, KEY, Payloads.randomBytes(largest, largest)));

        assertThat(acked).last().isEqualTo(atTheLimit);
        assertLog("the log, the largest accepted value last", readLog(broker), acked);
    }

    @Test
    public void theLargestAcceptedValueIsASaneFractionOfTheLimitAndOneByteMoreIsRefused() {
        int largest = largestAcceptedValueLength();

        assertThat(largest).as("largest accepted value length with max.request.size=%d", LIMIT)
                .isGreaterThanOrEqualTo(LIMIT / 2)
                .isLessThan(LIMIT);
        assertThat(isRefusedAsTooLarge(largest + 1)).as("value of length %d refused", largest + 1).isTrue();
    }

    @Test
    public void anOversizeRecordFailsAtOnceAndIsNeverSent() {
        StoredRecord before = recordAck(send(producer, KEY, Payloads.randomBytes(100, 1)));

        assertRefusedAtOnce(producer.send(KEY, new byte[2 * LIMIT]));
        assertRefusedAtOnce(producer.send(new byte[2 * LIMIT], EMPTY));
        StoredRecord after = recordAck(send(producer, KEY, Payloads.randomBytes(100, 2)));

        assertThat(after.offset()).as("offset of the next record after two refused ones")
                .isEqualTo(before.offset() + 1);
        assertLog("the log holds only the accepted records", readLog(broker), List.of(before, after));
    }

    private int largestAcceptedValueLength() {
        int accepted = 0;
        int refused = LIMIT;
        assertThat(isRefusedAsTooLarge(accepted)).as("an empty value refused").isFalse();
        assertThat(isRefusedAsTooLarge(refused)).as("a value as long as the whole limit refused").isTrue();
        while (refused - accepted > 1) {
            int middle = (accepted + refused) >>> 1;
            if (isRefusedAsTooLarge(middle)) {
                refused = middle;
            } else {
                accepted = middle;
            }
        }
        return accepted;
    }

    /** Sends a value of that length; an accepted one must then really be acknowledged. */
    private boolean isRefusedAsTooLarge(int valueLength) {
        SentRecord sent = SentRecord.send(producer, KEY, Payloads.randomBytes(valueLength, valueLength));
        if (sent.ack().isCompletedExceptionally()) {
            assertRecordTooLarge(sent.ack());
            return true;
        }
        acked.add(acknowledged(sent));
        return false;
    }

    private StoredRecord recordAck(StoredRecord record) {
        acked.add(record);
        return record;
    }

    private static void assertRefusedAtOnce(CompletableFuture<RecordMetadata> ack) {
        assertThat(ack.isCompletedExceptionally())
                .as("send of an oversize record returns a future that has already failed").isTrue();
        assertRecordTooLarge(ack);
    }

    private static void assertRecordTooLarge(CompletableFuture<RecordMetadata> ack) {
        assertThat(failureOf(ack)).as("why the record was refused")
                .isInstanceOf(RecordTooLargeException.class)
                .hasMessageContaining(ProducerConfig.MAX_REQUEST_SIZE);
    }

    private static Throwable failureOf(CompletableFuture<?> failed) {
        try {
            failed.join();
            throw new AssertionError("expected a failed future");
        } catch (CompletionException e) {
            return e.getCause();
        }
    }
}
