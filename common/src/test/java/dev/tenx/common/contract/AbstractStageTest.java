package dev.tenx.common.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.tenx.common.config.BrokerConfig;
import dev.tenx.common.config.ConsumerConfig;
import dev.tenx.common.config.HostPort;
import dev.tenx.common.config.ProducerConfig;
import dev.tenx.common.spi.Broker;
import dev.tenx.common.spi.ConsumedRecord;
import dev.tenx.common.spi.Consumer;
import dev.tenx.common.spi.Producer;
import dev.tenx.common.spi.RecordMetadata;
import dev.tenx.common.spi.Stage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every contract test stands on: the stage under test, a broker on a fresh log directory,
 * clients connected to it, and the two questions every contract asks, "was it acknowledged?"
 * and "what does the log hold?".
 *
 * <p>A stage module runs a contract by extending its abstract class and naming its stage:
 * <pre>
 * class NaiveRoundTripTest extends AbstractRoundTripContractTest {
 *     &#64;Override
 *     protected Stage stage() {
 *         return new NaiveStage();
 *     }
 * }
 * </pre>
 * A stage that wants other settings overrides {@link #extraBrokerProps()},
 * {@link #extraProducerProps()} or {@link #extraConsumerProps()}; the keys a test sets itself
 * (a size limit it checks, for example) win over them.
 *
 * <p>Every test method and lifecycle method runs under a timeout on its own thread, so a stage
 * that hangs fails instead of stalling the build.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public abstract class AbstractStageTest {

    protected static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);
    protected static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private static final int MAX_RECORDS_READ = 1_000_000;

    @TempDir
    protected Path logDir;

    private final Deque<AutoCloseable> closeAfterTest = new ArrayDeque<>();

    /** The stage under test: a new instance of its {@code Stage} implementation. */
    protected abstract Stage stage();

    protected Map<String, Object> extraBrokerProps() {
        return Map.of();
    }

    protected Map<String, Object> extraProducerProps() {
        return Map.of();
    }

    protected Map<String, Object> extraConsumerProps() {
        return Map.of();
    }

    /** The broker's properties: this test's log directory on a free loopback port. */
    protected Map<String, Object> brokerProps(Map<String, ?> testProps) {
        return layered(Map.of(BrokerConfig.LOG_DIR, logDir.toString(), BrokerConfig.LISTENERS, "127.0.0.1:0"),
                extraBrokerProps(), testProps);
    }

    protected Map<String, Object> producerProps(InetSocketAddress broker, Map<String, ?> testProps) {
        return layered(Map.of(ProducerConfig.BOOTSTRAP_SERVERS, HostPort.format(broker)), extraProducerProps(), testProps);
    }

    protected Map<String, Object> consumerProps(InetSocketAddress broker, Map<String, ?> testProps) {
        return layered(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS, HostPort.format(broker)), extraConsumerProps(), testProps);
    }

    /** The suite's own keys, then the stage's extras, then the test's: later layers win. */
    private static Map<String, Object> layered(Map<String, ?> suite, Map<String, ?> stage, Map<String, ?> test) {
        Map<String, Object> props = new LinkedHashMap<>(suite);
        props.putAll(stage);
        props.putAll(test);
        return props;
    }

    /** A broker on {@link #logDir}; the caller closes it. */
    protected Broker openBroker(Map<String, ?> testProps) throws IOException {
        return stage().startBroker(brokerProps(testProps));
    }

    protected Broker openBroker() throws IOException {
        return openBroker(Map.of());
    }

    /** A producer connected to {@code broker}; the caller closes it. */
    protected Producer connectProducer(InetSocketAddress broker, Map<String, ?> testProps) {
        return stage().newProducer(producerProps(broker, testProps));
    }

    protected Producer connectProducer(Broker broker) {
        return connectProducer(broker.address(), Map.of());
    }

    protected Consumer connectConsumer(InetSocketAddress broker) {
        return stage().newConsumer(consumerProps(broker, Map.of()));
    }

    /** Closes {@code resource} after the test, in reverse order of registration. */
    protected <T extends AutoCloseable> T closeAfterTest(T resource) {
        closeAfterTest.push(resource);
        return resource;
    }

    @AfterEach
    public void closeRegisteredResources() throws Exception {
        Exception first = null;
        while (!closeAfterTest.isEmpty()) {
            try {
                closeAfterTest.pop().close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Sends one record and waits for its acknowledgement; fails the test if none comes. */
    protected static StoredRecord send(Producer producer, byte[] key, byte[] value) {
        return new StoredRecord(await(producer.send(key, value)).offset(), key, value);
    }

    /** Sends {@code count} records of {@link Payloads} for {@code producerId}, one after another. */
    protected static List<StoredRecord> sendRecords(Producer producer, int producerId, int count) {
        List<StoredRecord> acked = new ArrayList<>(count);
        for (int sequence = 0; sequence < count; sequence++) {
            acked.add(send(producer, Payloads.key(producerId, sequence), Payloads.value(producerId, sequence)));
        }
        return acked;
    }

    protected static RecordMetadata await(CompletableFuture<RecordMetadata> ack) {
        try {
            return ack.get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("send was not acknowledged: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("no acknowledgement within " + ACK_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for an acknowledgement", e);
        }
    }

    /** Everything the broker at {@code address} holds, read with a new consumer from offset 0. */
    protected List<StoredRecord> readLog(InetSocketAddress address) {
        try (Consumer consumer = connectConsumer(address)) {
            return readFromStart(consumer);
        }
    }

    protected List<StoredRecord> readLog(Broker broker) {
        return readLog(broker.address());
    }

    /** Seeks to 0 and polls until a poll comes back empty: the log end. */
    protected static List<StoredRecord> readFromStart(Consumer consumer) {
        consumer.seek(0);
        List<StoredRecord> read = new ArrayList<>();
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        for (List<ConsumedRecord> batch = consumer.poll(); !batch.isEmpty(); batch = consumer.poll()) {
            batch.forEach(r -> read.add(StoredRecord.of(r)));
            if (System.nanoTime() > deadline || read.size() > MAX_RECORDS_READ) {
                fail("the consumer never reached the log end: read %d records in %d s", read.size(),
                        READ_TIMEOUT.toSeconds());
            }
        }
        return read;
    }

    protected static List<Long> offsetsOf(List<StoredRecord> records) {
        return records.stream().map(StoredRecord::offset).toList();
    }

    /** Checks that {@code offsets} are {@code first, first + 1, ...}, {@code count} of them; reports the first that is not. */
    protected static void assertOffsets(String description, List<Long> offsets, long first, int count) {
        for (int i = 0; i < Math.min(offsets.size(), count); i++) {
            assertThat(offsets.get(i)).as("%s: offset number %d, the first out of line (offsets before it: %s)",
                    description, i, offsets.subList(Math.max(0, i - 3), i)).isEqualTo(first + i);
        }
        assertThat(offsets).as("%s: how many", description).hasSize(count);
    }

    /**
     * Compares two logs record by record and reports the first difference, not both lists:
     * {@code description} says which log is checked.
     */
    protected static void assertLog(String description, List<StoredRecord> actual, List<StoredRecord> expected) {
        int common = Math.min(actual.size(), expected.size());
        for (int i = 0; i < common; i++) {
            String difference = actual.get(i).differenceFrom(expected.get(i));
            assertThat(difference).as("%s: record %d of %d, the first that differs:%n  read     %s%n  expected %s",
                    description, i, expected.size(), actual.get(i), expected.get(i)).isEmpty();
        }
        assertThat(actual.size()).as("%s: number of records; the first %d are as expected; first %s", description,
                common, actual.size() > common ? "unexpected: " + actual.get(common)
                        : expected.size() > common ? "missing: " + expected.get(common) : "")
                .isEqualTo(expected.size());
    }

    protected static void assertDenseFromZero(List<StoredRecord> log) {
        assertOffsets("offsets read back, dense from 0", offsetsOf(log), 0, log.size());
    }
}
