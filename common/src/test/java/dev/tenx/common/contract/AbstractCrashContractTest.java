package dev.tenx.common.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.tenx.common.config.ProducerConfig;
import dev.tenx.common.errors.DisconnectedException;
import dev.tenx.common.errors.TimeoutException;
import dev.tenx.common.process.BrokerProcess;
import dev.tenx.common.spi.Producer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability across a crash with windows in flight: the broker runs in its own JVM
 * ({@link BrokerProcess}) while several producers in this JVM each keep a full window of records
 * outstanding (sent, not yet acknowledged), with unique contents, noting every acknowledgement.
 * After a few hundred acknowledgements, at a moment when every producer's window is full, the
 * broker gets SIGKILL: no shutdown hook, no close, only what reached the disk. A new broker
 * process on the same {@code log.dir} must then serve
 * <ul>
 *   <li>every acknowledged record at its acknowledged offset, byte-exact, timestamp included;
 *   <li>offsets dense from 0;
 *   <li>besides those, only records that were sent (in flight at the kill), each as it was sent;
 *   <li>no record twice, for a stage that promises idempotence ({@link #promisesIdempotence()});
 * </ul>
 * and append the next record at its log end. Producers must notice the death as the producer
 * contract says: every outstanding send fails ({@link DisconnectedException} or
 * {@link TimeoutException}) within the request timeout, never a hang.
 *
 * <p>What it cannot see: a store that acknowledges before its fsync, since SIGKILL ends the
 * process and not the page cache, so unforced writes survive it (the broker's
 * {@code acks.before.durable}, checked after every test, and the power-loss contract see that);
 * and duplicates a retry across a restart would make, since the producers never reach the second
 * broker.
 *
 * <p>A stage runs it by extending this class and implementing {@link #stage()}; it may override
 * {@link #windowPerProducer()}, {@link #promisesIdempotence()} and {@link #brokerJvmArgs()}.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public abstract class AbstractCrashContractTest extends AbstractStageTest {

    private static final int PRODUCERS = 4;
    private static final int DEFAULT_WINDOW_RECORDS = 500;
    private static final int ACKS_BEFORE_KILL = 300;
    private static final Duration ACKS_TIMEOUT = Duration.ofSeconds(30);
    /** How often the wait for acknowledgements looks whether every sender has already ended. */
    private static final Duration ACKS_POLL_INTERVAL = Duration.ofMillis(100);
    private static final Duration FULL_WINDOWS_TIMEOUT = Duration.ofSeconds(10);
    private static final int REQUEST_TIMEOUT_MS = 5_000;
    /** Every send outstanding at the kill must have ended by then: its request timeout, and retries. */
    private static final Duration SENDS_END_TIMEOUT = Duration.ofMillis(3L * REQUEST_TIMEOUT_MS);
    private static final int LOG_TAIL_CHARS = 4_000;

    @TempDir
    protected Path brokerLogs;

    private final Queue<StoredRecord> acked = new ConcurrentLinkedQueue<>();
    private final CountDownLatch enoughAcks = new CountDownLatch(ACKS_BEFORE_KILL);
    private final AtomicBoolean stop = new AtomicBoolean();

    /** Options for the broker's JVM: small and quick to start. */
    protected List<String> brokerJvmArgs() {
        return List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    }

    /**
     * Records each producer keeps outstanding. A stage whose {@code send} returns only once its
     * record is acknowledged has a window of one, whatever this says, and overrides it to 1.
     */
    protected int windowPerProducer() {
        return DEFAULT_WINDOW_RECORDS;
    }

    /** Whether the stage promises never to store a record twice (sequence numbers, from pipelining on). */
    protected boolean promisesIdempotence() {
        return false;
    }

    @Test
    public void everyRecordAcknowledgedBeforeAKillWithFullWindowsSurvivesIt() throws Exception {
        BrokerProcess first = startBrokerProcess("before-kill");
        List<WindowedSender> senders = new ArrayList<>();
        for (int producerId = 0; producerId < PRODUCERS; producerId++) {
            senders.add(new WindowedSender(producerId, first.address()));
        }
        ExecutorService threads = Executors.newFixedThreadPool(PRODUCERS);
        try {
            List<Future<Throwable>> running = new ArrayList<>();
            for (WindowedSender sender : senders) {
                running.add(threads.submit(sender));
            }
            awaitEnoughAcksAndFullWindows(senders, running);

            kill(first);

            stop.set(true);
            assertSendersEndedAsTheContractSays(running);
        } finally {
            stop.set(true);
            threads.shutdownNow();
        }

        BrokerProcess second = startBrokerProcess("after-kill");
        List<StoredRecord> log = readLog(second.address());
        assertDenseFromZero(log);
        assertEveryAckedRecordSurvived(log);
        assertEveryOtherRecordWasSent(log, senders);
        if (promisesIdempotence()) {
            assertNoRecordStoredTwice(log);
        }
        assertAppendsContinueAtTheLogEnd(second.address(), log.size());
    }

    private BrokerProcess startBrokerProcess(String name) throws IOException {
        return startBrokerProcess(Map.of(), brokerJvmArgs(), brokerLog(name));
    }

    private Path brokerLog(String name) {
        return brokerLogs.resolve("broker-" + name + ".log");
    }

    /**
     * One producer that keeps {@link #windowPerProducer()} records outstanding until told to
     * stop or a send fails, then waits for every outstanding send to end; returns the first
     * failure, or null.
     */
    private final class WindowedSender implements Callable<Throwable> {

        private final int producerId;
        private final InetSocketAddress broker;
        private final int windowSize = windowPerProducer();
        private final Semaphore window = new Semaphore(windowSize);
        /** Every record sent, in send order; read once the sender has ended. */
        private final List<SentRecord> sent = new ArrayList<>();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        WindowedSender(int producerId, InetSocketAddress broker) {
            this.producerId = producerId;
            this.broker = broker;
        }

        boolean windowIsFull() {
            return window.availablePermits() == 0;
        }

        @Override
        public Throwable call() throws Exception {
            Producer producer = connectProducer(broker, Map.of(ProducerConfig.REQUEST_TIMEOUT_MS, REQUEST_TIMEOUT_MS));
            try {
                for (int sequence = 0; !stop.get() && failure.get() == null; sequence++) {
                    awaitRoomInTheWindow(1);
                    SentRecord record = SentRecord.send(producer, Payloads.key(producerId, sequence),
                            Payloads.value(producerId, sequence));
                    sent.add(record);
                    record.ack().whenComplete((metadata, error) -> {
                        if (error == null) {
                            acked.add(record.at(metadata.offset()));
                            enoughAcks.countDown();
                        } else {
                            failure.compareAndSet(null, error instanceof CompletionException ? error.getCause() : error);
                        }
                        window.release();
                    });
                }
                awaitRoomInTheWindow(windowSize);
                return failure.get();
            } finally {
                closeAfterTheBrokerDied(producer);
            }
        }

        private void awaitRoomInTheWindow(int records) throws InterruptedException {
            if (!window.tryAcquire(records, SENDS_END_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("producer " + producerId + ": no room for " + records + " records in its window"
                        + " of " + windowSize + " within " + SENDS_END_TIMEOUT.toSeconds() + " s: sends outstanding "
                        + "neither completed nor failed");
            }
        }
    }

    private static void closeAfterTheBrokerDied(Producer producer) {
        try {
            producer.close();
        } catch (RuntimeException expected) {
            // its broker is gone: close may report that, and nothing more is to be done
        }
    }

    /** Waits for the acknowledgements, then for a moment when every window is full: the moment to kill. */
    private void awaitEnoughAcksAndFullWindows(List<WindowedSender> senders, List<Future<Throwable>> running)
            throws Exception {
        long deadline = System.nanoTime() + ACKS_TIMEOUT.toNanos();
        boolean enough = false;
        while (!enough && System.nanoTime() < deadline && !running.stream().allMatch(Future::isDone)) {
            enough = enoughAcks.await(ACKS_POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        }
        if (!enough) {
            fail("only %d of %d acknowledgements within %d s before the kill; sender failures: %s; broker log:%n%s",
                    acked.size(), ACKS_BEFORE_KILL, ACKS_TIMEOUT.toSeconds(), failuresSoFar(senders, running),
                    tail(brokerLog("before-kill")));
        }
        boolean full = eventually(() -> senders.stream().allMatch(WindowedSender::windowIsFull), FULL_WINDOWS_TIMEOUT);
        assertThat(failuresSoFar(senders, running)).as("send failures while the broker was alive").isEmpty();
        assertThat(full).as("every producer's window of %d records full at once, within %d s",
                windowPerProducer(), FULL_WINDOWS_TIMEOUT.toSeconds()).isTrue();
    }

    private static List<Throwable> failuresSoFar(List<WindowedSender> senders, List<Future<Throwable>> running)
            throws InterruptedException {
        List<Throwable> failures = new ArrayList<>();
        for (int i = 0; i < senders.size(); i++) {
            if (senders.get(i).failure.get() != null) {
                failures.add(senders.get(i).failure.get());
            } else if (running.get(i).isDone()) {
                try {
                    running.get(i).get();
                } catch (ExecutionException e) {
                    failures.add(e.getCause());
                }
            }
        }
        return failures;
    }

    private static void assertSendersEndedAsTheContractSays(List<Future<Throwable>> running) throws Exception {
        for (Future<Throwable> sender : running) {
            Throwable failure = endOf(sender);
            if (failure != null) {
                assertThat(failure).as("how a send in flight fails when its broker is killed")
                        .isInstanceOfAny(DisconnectedException.class, TimeoutException.class);
            }
        }
    }

    private static Throwable endOf(Future<Throwable> sender) throws Exception {
        try {
            return sender.get(2 * SENDS_END_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("a producer failed other than by a failed send: " + e.getCause(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("a producer was still sending " + 2 * SENDS_END_TIMEOUT.toSeconds()
                    + " s after its broker was killed: a send in flight neither failed nor timed out", e);
        }
    }

    private void assertEveryAckedRecordSurvived(List<StoredRecord> log) {
        for (StoredRecord record : acked) {
            assertThat(record.offset()).as("acknowledged offset, against the log end after the crash")
                    .isLessThan(log.size());
            assertThat(log.get((int) record.offset()).differenceFrom(record))
                    .as("the record at acknowledged offset %d against what was acknowledged", record.offset()).isEmpty();
        }
    }

    /** A record nobody was told about must still be one a producer sent, exactly as it sent it. */
    private void assertEveryOtherRecordWasSent(List<StoredRecord> log, List<WindowedSender> senders) {
        Set<Long> ackedOffsets = new HashSet<>();
        acked.forEach(r -> ackedOffsets.add(r.offset()));
        Map<String, SentRecord> sentByKey = new HashMap<>();
        senders.forEach(s -> s.sent.forEach(r -> sentByKey.put(keyOf(r.key()), r)));
        for (StoredRecord record : log) {
            if (ackedOffsets.contains(record.offset())) {
                continue;
            }
            SentRecord sent = sentByKey.get(keyOf(record.key()));
            assertThat(sent).as("what was sent with the key of unacknowledged %s", record).isNotNull();
            assertThat(record.differenceFrom(sent.at(record.offset())))
                    .as("unacknowledged record at offset %d against what was sent with its key", record.offset())
                    .isEmpty();
        }
    }

    private static void assertNoRecordStoredTwice(List<StoredRecord> log) {
        Map<String, Long> firstOffsetByKey = new HashMap<>();
        for (StoredRecord record : log) {
            Long first = firstOffsetByKey.putIfAbsent(keyOf(record.key()), record.offset());
            assertThat(first).as("an earlier offset holding the record at offset %d (key %s), from a stage that "
                    + "promises idempotence", record.offset(), keyOf(record.key())).isNull();
        }
    }

    private static String keyOf(byte[] key) {
        return new String(key, StandardCharsets.UTF_8);
    }

    private void assertAppendsContinueAtTheLogEnd(InetSocketAddress broker, int logEnd) {
        try (Producer producer = connectProducer(broker, Map.of())) {
            StoredRecord next = send(producer, Payloads.key(PRODUCERS, 0), Payloads.value(PRODUCERS, 0));

            assertThat(next.offset()).as("offset of the first append after the crash").isEqualTo(logEnd);
        }
    }

    private static String tail(Path log) {
        try {
            String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no log)";
            return text.length() <= LOG_TAIL_CHARS ? text : "..." + text.substring(text.length() - LOG_TAIL_CHARS);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
