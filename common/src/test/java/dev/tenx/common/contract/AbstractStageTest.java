package dev.tenx.common.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.tenx.common.config.BrokerConfig;
import dev.tenx.common.config.ConsumerConfig;
import dev.tenx.common.config.HostPort;
import dev.tenx.common.config.ProducerConfig;
import dev.tenx.common.process.BrokerProcess;
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
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
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
 * <p>After every test, whatever it checked, every broker it started must report
 * {@code acks.before.durable} = 0: no acknowledgement was written while the store's durable end
 * did not cover its records ({@link AcksBeforeDurableWatch}, which says what that cannot see).
 * Brokers started with {@link #openBroker} and {@link #startBrokerProcess} are watched; a test
 * kills a broker process with {@link #kill}, which reads it first.
 *
 * <p>Every test method and lifecycle method runs under a timeout on its own thread, so a stage
 * that hangs fails instead of stalling the build.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public abstract class AbstractStageTest {

    protected static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);
    protected static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private static final int MAX_RECORDS_READ = 1_000_000;
    /** How often a bounded poll looks again: short against the waits it bounds, long against a spin. */
    private static final Duration POLL_INTERVAL = Duration.ofMillis(5);

    @TempDir
    protected Path logDir;

    private final Deque<AutoCloseable> closeAfterTest = new ArrayDeque<>();
    private final AcksBeforeDurableWatch acksBeforeDurable = new AcksBeforeDurableWatch(READ_TIMEOUT);

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

    /**
     * Whether the broker counts {@code acks.before.durable}, which the suite then checks after
     * every test. Every stage does. A peer's broker (Kafka) has no such counter; what stands for
     * it there is said by the peer's test class that returns false.
     */
    protected boolean countsAcksBeforeDurable() {
        return true;
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

    /** A broker on {@link #logDir}, watched for acknowledgements before durability; the caller closes it. */
    protected Broker openBroker(Map<String, ?> testProps) throws IOException {
        Broker broker = stage().startBroker(brokerProps(testProps));
        return countsAcksBeforeDurable() ? acksBeforeDurable.watch(broker) : broker;
    }

    protected Broker openBroker() throws IOException {
        return openBroker(Map.of());
    }

    /**
     * A broker in its own JVM on {@link #logDir}, its standard error in {@code stderr}: watched for
     * acknowledgements before durability, and closed after the test.
     */
    protected BrokerProcess startBrokerProcess(Map<String, ?> testProps, List<String> jvmArgs, Path stderr)
            throws IOException {
        BrokerProcess process = closeAfterTest(stage().startBrokerProcess(brokerProps(testProps), jvmArgs, stderr));
        if (countsAcksBeforeDurable()) {
            acksBeforeDurable.watch(process, stage());
        }
        return process;
    }

    /** SIGKILL, after reading the broker's {@code acks.before.durable}: after the kill nobody can ask. */
    protected void kill(BrokerProcess process) throws IOException, InterruptedException {
        acksBeforeDurable.readBeforeKill(process);
        process.kill();
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

    /**
     * Reads every broker still running, closes what the test registered, then checks that no
     * broker acknowledged before durability: reading comes first, since a closed process cannot answer.
     */
    @AfterEach
    public void checkAcksBeforeDurableAndClose() throws Exception {
        Exception first = null;
        try {
            acksBeforeDurable.readRunning();
        } catch (IOException e) {
            first = e;
        }
        try {
            closeRegisteredResources();
        } catch (Exception e) {
            if (first == null) {
                first = e;
            } else {
                first.addSuppressed(e);
            }
        }
        if (first != null) {
            throw first;
        }
        acksBeforeDurable.assertNoneAcknowledgedBeforeDurable();
    }

    private void closeRegisteredResources() throws Exception {
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
        return acknowledged(SentRecord.send(producer, key, value));
    }

    /** Waits for the acknowledgement of a record sent earlier: the record as the log must hold it. */
    protected static StoredRecord acknowledged(SentRecord sent) {
        return sent.at(await(sent.ack()).offset());
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

    /**
     * Runs {@code task.apply(i)} for each {@code i} below {@code threads}, each on its own thread,
     * started together, and returns their results in order: a failure of any fails the test, and
     * so does a task still running after {@code timeout}.
     */
    protected static <T> List<T> inParallel(int threads, Duration timeout, IntFunction<Callable<T>> task)
            throws Exception {
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<T>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Callable<T> work = task.apply(i);
                results.add(pool.submit(() -> {
                    start.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    return work.call();
                }));
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            List<T> done = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                done.add(resultOf(results.get(i), i, deadline, timeout));
            }
            return done;
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T> T resultOf(Future<T> result, int task, long deadlineNanos, Duration timeout) throws Exception {
        try {
            return result.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw (Exception) e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("task " + task + " was still running after " + timeout.toMillis() + " ms", e);
        }
    }

    /** Polls {@code condition} until it holds or {@code timeout} passes; says which. */
    protected static boolean eventually(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(POLL_INTERVAL.toNanos());
        }
        return true;
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

    /** Checks that the offsets acknowledged to several producers, together, are exactly 0..total-1. */
    protected static void assertAckedTogetherDenseFromZero(List<List<StoredRecord>> ackedByProducer, int total) {
        List<Long> offsets = ackedByProducer.stream().flatMap(List::stream).map(StoredRecord::offset).sorted().toList();
        assertOffsets("offsets acknowledged to " + ackedByProducer.size() + " producers together, sorted", offsets, 0,
                total);
    }

    /** Checks that each producer's records got increasing offsets in the order it sent them. */
    protected static void assertEachProducersRecordsInSendOrder(List<List<StoredRecord>> ackedByProducer,
                                                                int recordsPerProducer) {
        for (int producer = 0; producer < ackedByProducer.size(); producer++) {
            assertThat(offsetsOf(ackedByProducer.get(producer)))
                    .as("offsets of producer %d's records, in send order", producer)
                    .hasSize(recordsPerProducer)
                    .isSorted()
                    .doesNotHaveDuplicates();
        }
    }

    /** Checks that the log holds every record acknowledged to several producers, at its offset. */
    protected void assertLogHoldsAllAcked(Broker broker, List<List<StoredRecord>> ackedByProducer) {
        List<StoredRecord> expected = ackedByProducer.stream().flatMap(List::stream)
                .sorted(Comparator.comparingLong(StoredRecord::offset)).toList();
        assertLog("the log read back from offset 0", readLog(broker), expected);
    }

    protected static void assertDenseFromZero(List<StoredRecord> log) {
        assertOffsets("offsets read back, dense from 0", offsetsOf(log), 0, log.size());
    }
}
