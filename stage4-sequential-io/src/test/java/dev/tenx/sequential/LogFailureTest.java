package dev.tenx.sequential;

import static dev.tenx.sequential.LogFixtures.CODEC;
import static dev.tenx.sequential.LogFixtures.batch;
import static dev.tenx.sequential.LogFixtures.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenx.common.broker.StoredRecords;
import dev.tenx.common.faults.PowerLossDisk;
import dev.tenx.common.faults.PowerLossDisk.Survivors;
import dev.tenx.common.metrics.BrokerCounters;
import dev.tenx.common.wire.LogRecord;
import dev.tenx.common.wire.RecordBatch;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the reliability run found in the log, kept fixed: a failed write fails the log as a failed
 * fsync does (it went on appending and acknowledging after an {@code ENOSPC}), and a segment is
 * forced before the next is created (after a power loss that kept a new segment's entry but not
 * the old segment's unforced tail, the log refused to open: "segments are missing or damaged"),
 * and a segment whose fsync failed fails every later one (stage 5 acknowledged 50 records that an
 * injected fsync EIO had lost: the roll's fsync failed on the writer's thread, and the flusher's
 * fsync of the same file, with nothing left to write back, then reported success).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LogFailureTest {

    private static final long SMALL_SEGMENT_BYTES = 1024;
    private static final long LARGE_SEGMENT_BYTES = 64L * 1024 * 1024;
    private static final int INDEX_INTERVAL_BYTES = 256;
    private static final int RECORDS_FILLING_A_SMALL_SEGMENT = 40;
    private static final long WAIT_SECONDS = 10;

    @TempDir
    Path dir;

    @Test
    void aFailedWriteFailsTheLogAndEveryLaterAppend() throws Exception {
        PowerLossDisk disk = new PowerLossDisk(dir, Integer.MAX_VALUE, Survivors.NONE);
        try (SegmentedLog log = SegmentedLog.open(dir, disk, new BrokerCounters(), LARGE_SEGMENT_BYTES,
                INDEX_INTERVAL_BYTES)) {
            durable(log, append(log, records(0, 2)));
            disk.failNext(PowerLossDisk.Operation.WRITE, PowerLossDisk.Errno.ENOSPC);

            assertThatThrownBy(() -> append(log, records(1, 2))).as("the append whose write fails")
                    .isInstanceOf(IOException.class).hasMessageContaining("ENOSPC");
            assertThatThrownBy(() -> append(log, records(2, 2))).as("an append after it, on a disk that works again")
                    .isInstanceOf(IOException.class).hasMessageContaining("accepts nothing until a restart");
            assertThatThrownBy(() -> log.durable(4).toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS))
                    .as("a wait past the failed write").isInstanceOf(ExecutionException.class);
            assertThat(log.durableEnd()).as("the durable end: the batch before the failed write").isEqualTo(2);
        }
    }

    @Test
    void aPowerLossThatKeepsANewSegmentButNotTheOldOnesTailLeavesALogThatOpens() throws Exception {
        PowerLossDisk disk = new PowerLossDisk(dir, Integer.MAX_VALUE,
                new Survivors("directory entries only", (pending, i) -> pending.startsWith("entries")));
        List<LogRecord> appended = new ArrayList<>();
        try (SegmentedLog log = SegmentedLog.open(dir, disk, new BrokerCounters(), SMALL_SEGMENT_BYTES,
                INDEX_INTERVAL_BYTES)) {
            durable(log, append(log, records(0, 1)));
            for (int b = 1; segmentFiles() < 2; b++) {
                List<LogRecord> next = records(b, RECORDS_FILLING_A_SMALL_SEGMENT / 4);
                append(log, next);
                appended.addAll(next);
            }
            disk.powerOff();
        } catch (PowerLossDisk.PowerLost closingAfterThePowerWent) {
            // the flusher or close found the machine off
        }

        try (SegmentedLog reopened = SegmentedLog.open(dir, new PowerLossDisk(dir, Integer.MAX_VALUE, Survivors.ALL),
                new BrokerCounters(), SMALL_SEGMENT_BYTES, INDEX_INTERVAL_BYTES)) {
            assertThat(reopened.durableEnd()).as("records after recovery: the first, and those the roll forced")
                    .isGreaterThanOrEqualTo(1);
            StoredRecords read = reopened.read(0, Integer.MAX_VALUE, Integer.MAX_VALUE);
            try {
                assertThat(CODEC.decodeRecords(read.records()).get(0)).isEqualTo(records(0, 1).get(0));
            } finally {
                read.release();
            }
        }
    }

    @Test
    void aSegmentWhoseFsyncFailedNeverReportsALaterOneAsDone() throws Exception {
        PowerLossDisk disk = new PowerLossDisk(dir, Integer.MAX_VALUE, Survivors.NONE);
        Path file = dir.resolve(Segment.fileName(0));
        FileChannel channel = disk.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try (Segment segment = new Segment(0, file, channel, 0, new SegmentIndex(INDEX_INTERVAL_BYTES),
                new BrokerCounters())) {
            RecordBatch batch = batch(records(0, 2));
            try {
                segment.append(BatchDescriptor.header(0, batch.producerId(), batch.baseSequence(), batch.recordCount(),
                        batch.records()), 0, batch.records());
            } finally {
                batch.release();
            }
            disk.failNext(PowerLossDisk.Operation.FORCE_FILE, PowerLossDisk.Errno.EIO);

            assertThatThrownBy(segment::force).as("the fsync that fails").hasMessageContaining("EIO");
            assertThatThrownBy(segment::force)
                    .as("a second fsync, which the disk reports as done: the failed one's pages were dropped")
                    .isInstanceOf(IOException.class).hasMessageContaining("an earlier fsync");
        }
    }

    /**
     * The directory's sticky failure, called in the order a race can produce: the writer's roll
     * and the flusher each force the directory, one of them fails, and the other must not then
     * report the entries as durable.
     */
    @Test
    void aDirectoryWhoseFsyncFailedNeverReportsALaterOneAsDone() throws Exception {
        PowerLossDisk disk = new PowerLossDisk(dir, Integer.MAX_VALUE, Survivors.NONE);
        try (SegmentedLog log = SegmentedLog.open(dir, disk, new BrokerCounters(), LARGE_SEGMENT_BYTES,
                INDEX_INTERVAL_BYTES)) {
            durable(log, append(log, records(0, 2))); // the first segment's entry forced by the flusher
            // a new entry for the next directory fsync to cover, as a roll's new segment is
            disk.open(dir.resolve("new-entry"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
            disk.failNext(PowerLossDisk.Operation.FORCE_DIRECTORY, PowerLossDisk.Errno.EIO);

            assertThatThrownBy(log::forceDirectory).as("the directory fsync that fails").hasMessageContaining("EIO");
            assertThatThrownBy(log::forceDirectory)
                    .as("a second directory fsync, which the disk reports as done: the failed one's entries were dropped")
                    .isInstanceOf(IOException.class).hasMessageContaining("an earlier fsync of the directory");
        }
    }

    private long segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(Segment.SUFFIX)).count();
        }
    }

    private static long append(SegmentedLog log, List<LogRecord> records) throws IOException {
        RecordBatch batch = batch(records);
        try {
            return log.append(batch) + records.size();
        } finally {
            batch.release();
        }
    }

    private static void durable(SegmentedLog log, long endOffset) throws Exception {
        CompletableFuture<Void> done = log.durable(endOffset).toCompletableFuture();
        done.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
}
