package dev.tenx.workshop.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenx.common.broker.FileChannels;
import dev.tenx.common.faults.ForwardingFileChannel;
import dev.tenx.common.spi.Stage;
import dev.tenx.common.spi.Stages;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The failing-disk check judged by what it finds: under each store (the page store of stages 0
 * to 3, the log of stage 4) a layer that retries a failed fsync once and reports success, the
 * mistake PostgreSQL made until 2018, must make the fsync faults report lost records.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class DiskFaultsSelfTest {

    /** Every store's fsync goes through here: a failure is retried once, and the retry's success reported. */
    private static final UnaryOperator<FileChannels> RETRIES_A_FAILED_FSYNC = disk -> (path, options) ->
            new ForwardingFileChannel(disk.open(path, options)) {
                @Override
                public void force(boolean metaData) throws IOException {
                    try {
                        delegate.force(metaData);
                    } catch (IOException firstFailure) {
                        delegate.force(metaData);
                    }
                }
            };

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"stage4", "stage0"})
    void aStoreThatRetriesAFailedFsyncAndAcknowledgesIsCaught(String stageName) throws Exception {
        Stage stage = Stages.byName(stageName);
        DiskFaults faults = new DiskFaults(stage, dir, RETRIES_A_FAILED_FSYNC);

        DiskFaults.Result fsync = faults.run(fault("fsync EIO"));

        assertThat(fsync.reached()).as("the fsync fault struck").isTrue();
        assertThat(fsync.clean()).as("the check passed a store that retried its failed fsync: %s", fsync).isFalse();
        assertThat(fsync.lost()).as("acknowledged records lost after the retried fsync: %s", fsync).isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {"stage4"})
    void aStoreThatRetriesAFailedDirectoryFsyncAndAcknowledgesIsCaught(String stageName) throws Exception {
        DiskFaults faults = new DiskFaults(Stages.byName(stageName), dir, RETRIES_A_FAILED_FSYNC);

        DiskFaults.Result directory = faults.run(fault("dir fsync EIO after start"));

        assertThat(directory.reached()).isTrue();
        assertThat(directory.clean()).as("the check passed a store that retried its directory fsync: %s", directory)
                .isFalse();
    }

    private static DiskFaults.Fault fault(String name) {
        return DiskFaults.FAULTS.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }
}
