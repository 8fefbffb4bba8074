package dev.tenx.common.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenx.common.broker.FileChannels;
import dev.tenx.common.broker.RecordStore;
import dev.tenx.common.broker.StoreFactory;
import dev.tenx.common.config.BrokerConfig;
import dev.tenx.common.faults.DurableRecords;
import dev.tenx.common.faults.PowerLossDisk;
import dev.tenx.common.metrics.BrokerCounters;
import dev.tenx.common.spi.AssembledStage;
import dev.tenx.common.spi.StageParts;
import dev.tenx.common.wire.LogRecord;
import dev.tenx.common.wire.MessageCodec;
import dev.tenx.common.wire.ProduceRequest;
import dev.tenx.common.wire.RecordBatch;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * What a SIGKILL cannot show: a power loss, after which the disk holds only what was forced, plus
 * whichever unforced writes and directory entries the kernel had happened to make durable. The
 * stage's own store (its parts' {@link StoreFactory}) is opened through a {@link PowerLossDisk}
 * and given a few batches, the last two made durable together by one {@code durable} call, as a
 * store that commits many requests with one fsync would see them. The power goes after every
 * possible number of operations from the store's creation on (every write, force and file
 * creation of a clean run), keeping each time nothing unforced, everything, and several random
 * subsets. The store reopened on what is left must then:
 * <ul>
 *   <li>open, whatever the crash point, even one during its creation;
 *   <li>hold every acknowledged record (one whose {@code durable} completed) byte-exact,
 *       timestamp included, at its offset;
 *   <li>hold beyond them only records that were appended after them, in order, from the first;
 *   <li>append the next batch at its durable end, and read it back.
 * </ul>
 * It sees the order of a store's writes and fsyncs, and whether it forces the directory of the
 * files it creates, which a SIGKILL never tests: the page cache outlives a killed process.
 *
 * <p>Besides whole writes kept or lost, one choice per crash point tears kept writes at a sector
 * boundary ({@link PowerLossDisk.Survivors#tearing}). What it cannot see: a sector torn inside
 * itself (the assumption stores make of a sector), a disk that acknowledges a flush it did not do,
 * and any file the store changes without going through {@link FileChannels} (a rename, a
 * delete), which fails the contract rather than pass unjudged. It runs the store alone, not the
 * broker: what the broker acknowledges is the durable end it reads, which the other contracts check.
 *
 * <p>A stage runs it by extending this class and implementing {@link #stage()}, which must be an
 * {@link AssembledStage}.
 */
public abstract class AbstractPowerLossContractTest extends AbstractStageTest {

    private static final int RECORDS_PER_BATCH = 2;
    /** A batch made durable alone, then two made durable by one call, as group commit would. */
    private static final int BATCHES = 3;
    private static final int RANDOM_SUBSETS_PER_CRASH = 4;
    private static final long SEED = 20_261_129L;
    /** Larger than a page of any store that has pages, so that a record spans two. */
    private static final int LARGE_VALUE_BYTES = 4 * 1024 + 100;
    private static final int SMALL_VALUE_BYTES = 10;
    private static final long TIMESTAMP_BASE_MS = 1_700_000_000_000L;

    @Test
    public void everyAcknowledgedRecordSurvivesAPowerLossAtAnyPoint() throws Exception {
        int operations = operationsOfACleanRun();
        SplittableRandom random = new SplittableRandom(SEED);
        int scenario = 0;
        for (int crashAfter = 0; crashAfter <= operations; crashAfter++) {
            for (PowerLossDisk.Survivors survivors : survivorChoices(random)) {
                Path dir = Files.createDirectory(logDir.resolve("scenario-" + scenario++));
                String description = "power lost after " + crashAfter + " of " + operations + " operations, "
                        + survivors;
                Run run = runUntilPowerLoss(dir, new PowerLossDisk(dir, crashAfter, survivors), description);
                assertRecovered(dir, run, description);
            }
        }
    }

    /** What a run handed the store, in order, and how many of those records it acknowledged. */
    private record Run(List<LogRecord> appended, int acknowledged) {
    }

    private int operationsOfACleanRun() throws Exception {
        Path dir = Files.createDirectory(logDir.resolve("clean"));
        PowerLossDisk disk = new PowerLossDisk(dir, Integer.MAX_VALUE, PowerLossDisk.Survivors.NONE);
        Run run = runUntilPowerLoss(dir, disk, "a clean run");
        assertThat(run.acknowledged()).as("records acknowledged in a run without a power loss")
                .isEqualTo(BATCHES * RECORDS_PER_BATCH);
        return disk.operations();
    }

    private static List<PowerLossDisk.Survivors> survivorChoices(SplittableRandom random) {
        List<PowerLossDisk.Survivors> choices = new ArrayList<>(
                List.of(PowerLossDisk.Survivors.NONE, PowerLossDisk.Survivors.ALL));
        for (int i = 0; i < RANDOM_SUBSETS_PER_CRASH; i++) {
            choices.add(PowerLossDisk.Survivors.random(random.nextLong()));
        }
        choices.add(PowerLossDisk.Survivors.tearing(random.nextLong()));
        return choices;
    }

    /**
     * Opens the store on {@code disk}, appends batch 0 and waits until it is durable, then appends
     * batches 1 and 2 and waits once for both, until the power goes.
     */
    private Run runUntilPowerLoss(Path dir, PowerLossDisk disk, String description) throws Exception {
        List<LogRecord> appended = new ArrayList<>();
        int acknowledged = 0;
        RecordStore store = null;
        try {
            store = openStore(dir, disk);
            appendBatch(store, 0, appended);
            acknowledged = awaitDurable(store, appended.size(), description);
            appendBatch(store, 1, appended);
            appendBatch(store, 2, appended);
            acknowledged = awaitDurable(store, appended.size(), description);
        } catch (IOException failure) {
            if (!(failure instanceof PowerLossDisk.PowerLost) && !(failure.getCause() instanceof PowerLossDisk.PowerLost)) {
                throw new AssertionError(description + ": the store failed for another reason than the power loss",
                        failure);
            }
        } finally {
            disk.powerOff();
            closeAfterThePowerWent(store);
        }
        assertThat(disk.changedBehindItsBack()).as("%s: files the store changed without FileChannels", description)
                .isEmpty();
        return new Run(appended, acknowledged);
    }

    /** Appends batch {@code number}, noting its records first: the power may go while it is written. */
    private void appendBatch(RecordStore store, int number, List<LogRecord> appended) throws IOException {
        List<LogRecord> records = batch(number);
        int expectedOffset = appended.size();
        appended.addAll(records);
        assertThat(append(store, records)).as("offset of batch %d", number).isEqualTo(expectedOffset);
    }

    /**
     * Waits until {@code durable(endOffset)} completes, and checks that the durable end then
     * covers it, as the broker does before it acknowledges; returns {@code endOffset}, now acknowledged.
     */
    private static int awaitDurable(RecordStore store, int endOffset, String description) throws Exception {
        try {
            store.durable(endOffset).toCompletableFuture().get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(store.durableEnd()).as("%s: the durable end once durable(%d) completed", description, endOffset)
                    .isGreaterThanOrEqualTo(endOffset);
            return endOffset;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("durable(" + endOffset + ") did not complete within " + ACK_TIMEOUT.toSeconds()
                    + " s", e);
        }
    }

    /** Appends {@code records} as the broker hands them over: decoded from a produce request's bytes. */
    private long append(RecordStore store, List<LogRecord> records) throws IOException {
        MessageCodec codec = parts().codec();
        RecordBatch batch = codec.decodeProduceRequest(Unpooled.wrappedBuffer(codec.encode(ProduceRequest.of(records))));
        try {
            return store.append(batch);
        } finally {
            batch.release();
        }
    }

    private void assertRecovered(Path dir, Run run, String description) throws Exception {
        try (RecordStore store = reopen(dir, description)) {
            List<LogRecord> log = readAll(store, description);
            assertThat(log.size()).as("%s: records after the power loss, against the %d acknowledged and %d appended",
                    description, run.acknowledged(), run.appended().size())
                    .isBetween(run.acknowledged(), run.appended().size());
            assertThat(log).as("%s: the log, against what was appended (the first %d acknowledged)", description,
                    run.acknowledged()).isEqualTo(run.appended().subList(0, log.size()));

            List<LogRecord> next = batch(BATCHES);
            assertThat(append(store, next)).as("%s: offset of the first append after recovery", description)
                    .isEqualTo(log.size());
            awaitDurable(store, log.size() + next.size(), description + ", then an append after recovery");
            assertThat(readAll(store, description).subList(log.size(), log.size() + next.size()))
                    .as("%s: the batch appended after recovery, read back", description).isEqualTo(next);
        }
    }

    /**
     * The store on what the disk kept, through a disk that never loses power: it reads the real
     * files, and its forces cost no fsync, which hundreds of scenarios would otherwise pay.
     */
    private RecordStore reopen(Path dir, String description) {
        try {
            return openStore(dir, new PowerLossDisk(dir, Integer.MAX_VALUE, PowerLossDisk.Survivors.ALL));
        } catch (IOException e) {
            throw new AssertionError(description + ": the store cannot open on what the disk kept: " + e, e);
        }
    }

    private List<LogRecord> readAll(RecordStore store, String description) throws IOException {
        try {
            return DurableRecords.readAll(parts().codec(), store);
        } catch (IOException e) {
            throw new AssertionError(description + ": " + e.getMessage(), e);
        }
    }

    private RecordStore openStore(Path dir, FileChannels files) throws IOException {
        StageParts parts = parts();
        Map<String, Object> props = brokerProps(Map.of(BrokerConfig.LOG_DIR, dir.toString()));
        return parts.broker().store().open(new BrokerConfig(parts.broker().config(), props), parts.codec(),
                new BrokerCounters(), files);
    }

    private StageParts parts() {
        assertThat(stage()).as("the stage under test, whose parts name its store").isInstanceOf(AssembledStage.class);
        return ((AssembledStage) stage()).parts();
    }

    private static void closeAfterThePowerWent(RecordStore store) throws IOException {
        if (store == null) {
            return;
        }
        try {
            store.close();
        } catch (PowerLossDisk.PowerLost expected) {
            // a store that forces on close finds the machine off: nothing it does now reaches the disk
        }
    }

    /**
     * Records a store must keep exactly: one spans pages, one has an empty key, one an empty
     * value, and every timestamp differs.
     */
    private static List<LogRecord> batch(int number) {
        List<LogRecord> records = new ArrayList<>();
        for (int r = 0; r < RECORDS_PER_BATCH; r++) {
            byte[] key = r == 1 ? new byte[0] : ("k" + number + "." + r).getBytes(StandardCharsets.UTF_8);
            byte[] value = Payloads.randomBytes(r == 0 ? LARGE_VALUE_BYTES : number == 1 ? 0 : SMALL_VALUE_BYTES,
                    number * 31L + r);
            records.add(new LogRecord(key, value, TIMESTAMP_BASE_MS + number * RECORDS_PER_BATCH + r));
        }
        return records;
    }
}
