package dev.tenx.common.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.tenx.common.config.ProducerConfig;
import dev.tenx.common.errors.DisconnectedException;
import dev.tenx.common.errors.TimeoutException;
import dev.tenx.common.process.BrokerProcess;
import dev.tenx.common.spi.Producer;
import dev.tenx.common.spi.RecordMetadata;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability across a crash: the broker runs in its own JVM ({@link BrokerProcess}) while two
 * producers in this JVM send records with unique contents and note every acknowledged offset.
 * After a few hundred acknowledgements the broker gets SIGKILL with sends in flight: no shutdown
 * hook, no close, only what reached the disk. A new broker process on the same {@code log.dir}
 * must then serve every acknowledged record at its acknowledged offset, byte-exact, with dense
 * offsets from 0; records that were in flight may or may not be there. Producers must notice the
 * death as the producer contract says: a failed send ({@link DisconnectedException} or
 * {@link TimeoutException}) within their request timeout, never a hang.
 *
 * <p>A stage runs it by extending this class and implementing {@link #stage()}; it may override
 * {@link #brokerJvmArgs()}.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public abstract class AbstractCrashContractTest extends AbstractStageTest {

    private static final int PRODUCERS = 2;
    private static final int ACKS_BEFORE_KILL = 300;
    private static final Duration ACKS_TIMEOUT = Duration.ofSeconds(30);
    private static final int REQUEST_TIMEOUT_MS = 5_000;
    private static final Duration PRODUCERS_STOP_TIMEOUT = Duration.ofMillis(3L * REQUEST_TIMEOUT_MS);

    @TempDir
    protected Path brokerLogs;

    private final Queue<StoredRecord> acked = new ConcurrentLinkedQueue<>();
    private final CountDownLatch enoughAcks = new CountDownLatch(ACKS_BEFORE_KILL);
    private final AtomicBoolean stop = new AtomicBoolean();

    /** Options for the broker's JVM: small and quick to start. */
    protected List<String> brokerJvmArgs() {
        return List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    }

    @Test
    public void everyRecordAcknowledgedBeforeAKillSurvivesIt() throws Exception {
        BrokerProcess first = startBrokerProcess("before-kill");
        ExecutorService producers = Executors.newFixedThreadPool(PRODUCERS);
        try {
            List<Future<Throwable>> senders = startSenders(producers, first.address());
            awaitEnoughAcks(senders, "before-kill");

            kill(first);

            stop.set(true);
            assertSendersEndedAsTheContractSays(senders);
        } finally {
            stop.set(true);
            producers.shutdownNow();
        }

        BrokerProcess second = startBrokerProcess("after-kill");
        List<StoredRecord> log = readLog(second.address());
        assertEveryAckedRecordSurvived(log);
        assertAppendsContinueAtTheLogEnd(second.address(), log.size());
    }

    private BrokerProcess startBrokerProcess(String name) throws IOException {
        return startBrokerProcess(Map.of(), brokerJvmArgs(), brokerLog(name));
    }

    private Path brokerLog(String name) {
        return brokerLogs.resolve("broker-" + name + ".log");
    }

    private List<Future<Throwable>> startSenders(ExecutorService producers, InetSocketAddress broker) {
        List<Future<Throwable>> senders = new ArrayList<>();
        for (int producerId = 0; producerId < PRODUCERS; producerId++) {
            int id = producerId;
            senders.add(producers.submit(() -> sendUntilStoppedOrFailed(id, broker)));
        }
        return senders;
    }

    /** Sends unique records until told to stop or a send fails; returns that failure, or null. */
    private Throwable sendUntilStoppedOrFailed(int producerId, InetSocketAddress broker) {
        Map<String, Object> props = Map.of(ProducerConfig.REQUEST_TIMEOUT_MS, REQUEST_TIMEOUT_MS);
        Producer producer = connectProducer(broker, props);
        try {
            for (int sequence = 0; !stop.get(); sequence++) {
                SentRecord sent = SentRecord.send(producer, Payloads.key(producerId, sequence),
                        Payloads.value(producerId, sequence));
                acked.add(sent.at(awaitWithinRequestTimeout(sent.ack()).offset()));
                enoughAcks.countDown();
            }
            return null;
        } catch (Throwable failure) {
            return failure;
        } finally {
            closeAfterTheBrokerDied(producer);
        }
    }

    private static RecordMetadata awaitWithinRequestTimeout(CompletableFuture<RecordMetadata> ack) throws Throwable {
        try {
            return ack.get(2L * REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause();
        }
    }

    private static void closeAfterTheBrokerDied(Producer producer) {
        try {
            producer.close();
        } catch (RuntimeException expected) {
            // its broker is gone: close may report that, and nothing more is to be done
        }
    }

    /** Waits for the acknowledgements, giving up early when every sender has already ended. */
    private void awaitEnoughAcks(List<Future<Throwable>> senders, String brokerName) throws Exception {
        long deadline = System.nanoTime() + ACKS_TIMEOUT.toNanos();
        boolean enough = false;
        while (!enough && System.nanoTime() < deadline && !senders.stream().allMatch(Future::isDone)) {
            enough = enoughAcks.await(100, TimeUnit.MILLISECONDS);
        }
        if (enoughAcks.getCount() > 0) {
            fail("only %d of %d acknowledgements within %d s before the kill; sender failures: %s; broker log:%n%s",
                    acked.size(), ACKS_BEFORE_KILL, ACKS_TIMEOUT.toSeconds(), failuresSoFar(senders),
                    tail(brokerLog(brokerName)));
        }
        assertThat(failuresSoFar(senders)).as("send failures while the broker was alive").isEmpty();
    }

    private static List<Throwable> failuresSoFar(List<Future<Throwable>> senders) throws Exception {
        List<Throwable> failures = new ArrayList<>();
        for (Future<Throwable> sender : senders) {
            if (sender.isDone() && sender.get() != null) {
                failures.add(sender.get());
            }
        }
        return failures;
    }

    private static void assertSendersEndedAsTheContractSays(List<Future<Throwable>> senders) throws Exception {
        for (Future<Throwable> sender : senders) {
            Throwable failure = endOf(sender);
            if (failure != null) {
                assertThat(failure).as("how a send in flight fails when its broker is killed")
                        .isInstanceOfAny(DisconnectedException.class, TimeoutException.class);
            }
        }
    }

    private static Throwable endOf(Future<Throwable> sender) throws Exception {
        try {
            return sender.get(PRODUCERS_STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("a producer was still sending " + PRODUCERS_STOP_TIMEOUT.toSeconds()
                    + " s after its broker was killed: a send in flight neither failed nor timed out", e);
        }
    }

    private void assertEveryAckedRecordSurvived(List<StoredRecord> log) {
        assertDenseFromZero(log);
        for (StoredRecord record : acked) {
            assertThat(record.offset()).as("acknowledged offset, against the log end after the crash")
                    .isLessThan(log.size());
            assertThat(log.get((int) record.offset()).differenceFrom(record))
                    .as("the record at acknowledged offset %d against what was acknowledged", record.offset()).isEmpty();
        }
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
            return text.length() <= 4000 ? text : "..." + text.substring(text.length() - 4000);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
