package dev.tenx.workshop.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * Runs each {@link GroupCommitBenchmark} method once, directly (not through JMH), and checks that
 * it writes what it claims and counts its batches, so that a broken benchmark fails the build
 * instead of printing a fast number. No timing: performance goals belong in benchmarks.
 */
class GroupCommitBenchmarkTest {

    private static final int GROUP = 4;
    private static final int BATCH_BYTES = 4 * 1024;

    @Test
    void everyMethodAppendsItsWholeGroupAtTheEndOfTheFile() throws Exception {
        GroupCommitBenchmark b = new GroupCommitBenchmark();
        b.groupSize = GROUP;
        b.batchBytes = BATCH_BYTES;
        b.open();
        try {
            b.empty();
            GroupCommitBenchmark.Batches counter = new GroupCommitBenchmark.Batches();
            long written = b.baselineWriteOnly(counter) + b.fsyncEachBatch(counter) + b.fsyncPerGroup(counter);

            assertThat(written).as("bytes the three methods wrote").isEqualTo(3L * GROUP * BATCH_BYTES);
            assertThat(counter.batches).as("batches counted").isEqualTo(3L * GROUP);
            assertThat(Files.size(b.file)).as("file size: appends, never overwrites").isEqualTo(written);
        } finally {
            b.close();
        }
    }
}
