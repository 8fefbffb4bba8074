package dev.tenx.sequential;

import static dev.tenx.sequential.LogFixtures.batch;
import static dev.tenx.sequential.LogFixtures.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenx.common.metrics.BrokerCounters;
import dev.tenx.common.wire.RecordBatch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit, seen from outside: the flusher is held inside an fsync while more batches are
 * written, and one fsync must then cover them all; nothing is durable, or readable, before its
 * fsync has returned; a failed fsync fails every wait and every later append.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GroupCommitTest {

    private static final long SEGMENT_BYTES = 64L * 1024 * 1024;
    private static final int INDEX_INTERVAL_BYTES = 4 * 1024;
    private static final long WAIT_SECONDS = 10;

    @TempDir
    Path dir;

    private final HookedChannels channels = new HookedChannels();
    private final BrokerCounters counters = new BrokerCounters();

    @Test
    void batchesWrittenDuringAnFsyncShareTheNextOne() throws Exception {
        CountDownLatch inFirstFsync = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        channels.beforeEachForce(() -> {
            inFirstFsync.countDown();
            await(release);
        });
        try (SegmentedLog log = open()) {
            CompletableFuture<Void> first = append(log, 0);
            await(inFirstFsync);
            List<CompletableFuture<Void>> behind = new ArrayList<>();
            for (int b = 1; b <= 3; b++) {
                behind.add(append(log, b));
            }
            assertThat(log.durableEnd()).as("durable end while the first fsync is under way").isZero();
            assertThat(first).as("the first batch before its fsync returned").isNotDone();

            release.countDown();
            first.get(WAIT_SECONDS, TimeUnit.SECONDS);
            CompletableFuture.allOf(behind.toArray(CompletableFuture[]::new)).get(WAIT_SECONDS, TimeUnit.SECONDS);

            assertThat(channels.segmentForces()).as("segment fsyncs for 4 batches: the first, then one for the 3 behind it")
                    .isEqualTo(2);
            assertThat(log.durableEnd()).isEqualTo(4);
        }
    }

    @Test
    void nothingIsReadableBeforeItsFsyncReturns() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        channels.beforeEachForce(() -> await(release));
        try (SegmentedLog log = open()) {
            CompletableFuture<Void> durable = append(log, 0);

            assertThat(log.read(0, Integer.MAX_VALUE, Integer.MAX_VALUE).recordCount())
                    .as("records a fetch sees before the fsync").isZero();

            release.countDown();
            durable.get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(log.read(0, Integer.MAX_VALUE, Integer.MAX_VALUE).recordCount()).isEqualTo(1);
        }
    }

    @Test
    void aFailedFsyncFailsEveryWaitAndEveryLaterAppendAndIsNeverRetried() throws Exception {
        channels.beforeEachForce(() -> {
            throw new IOException("EIO (injected)");
        });
        try (SegmentedLog log = open()) {
            CompletableFuture<Void> durable = append(log, 0);

            assertThatThrownBy(() -> durable.get(WAIT_SECONDS, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasRootCauseMessage("EIO (injected)");
            channels.beforeEachForce(() -> { });
            RecordBatch next = batch(records(1, 1));
            try {
                assertThatThrownBy(() -> log.append(next)).isInstanceOf(IOException.class)
                        .hasMessageContaining("accepts nothing until a restart");
            } finally {
                next.release();
            }
            assertThat(log.durableEnd()).as("durable end after the failed fsync").isZero();
        }
    }

    private SegmentedLog open() throws IOException {
        return SegmentedLog.open(dir, channels, counters, SEGMENT_BYTES, INDEX_INTERVAL_BYTES);
    }

    /** Appends batch {@code b} of one record and returns the wait for its durability. */
    private static CompletableFuture<Void> append(SegmentedLog log, int b) throws IOException {
        RecordBatch batch = batch(records(b, 1));
        try {
            long base = log.append(batch);
            return log.durable(base + 1).toCompletableFuture();
        } finally {
            batch.release();
        }
    }

    private static void await(CountDownLatch latch) throws IOException {
        try {
            if (!latch.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IOException("latch not released within " + WAIT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
