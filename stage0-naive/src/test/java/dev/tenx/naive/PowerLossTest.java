package dev.tenx.naive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenx.common.contract.PowerLossDisk;
import dev.tenx.common.metrics.BrokerCounters;
import dev.tenx.common.wire.JsonCodec;
import dev.tenx.common.wire.LogRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the SIGKILL crash test cannot show: a power loss, after which the disk holds only what
 * was forced plus whichever unforced writes the kernel had happened to write back. Through
 * {@link PowerLossDisk}, the store's files lose power after every possible number of
 * operations, keeping each time none, all, and several random subsets of the unforced writes;
 * the reopened store must then hold every acknowledged record, byte-exact, and nothing it cannot
 * read back. This is the test that sees the order of writes and fsyncs in
 * {@link PageStore#append}: move the header write before the data is forced and it fails.
 */
class PowerLossTest {

    private static final int APPENDS = 3;
    private static final int RECORDS_PER_APPEND = 2;
    private static final int RANDOM_SUBSETS_PER_CRASH = 6;
    private static final long SEED = 20_261_129L;

    @TempDir
    Path root;

    @Test
    void everyAcknowledgedRecordSurvivesAPowerLossAtAnyPoint() throws IOException {
        int operations = operationsOfACleanRun(APPENDS);
        SplittableRandom random = new SplittableRandom(SEED);
        int scenario = 0;
        for (int crashAfter = 0; crashAfter <= operations; crashAfter++) {
            for (PowerLossDisk.Survivors survivors : survivorChoices(random)) {
                Path dir = root.resolve("scenario-" + scenario++);
                List<List<LogRecord>> acknowledged = runUntilPowerLoss(dir, crashAfter, survivors);
                assertRecovered(dir, acknowledged, "power lost after " + crashAfter + " operations, " + survivors);
            }
        }
    }

    private int operationsOfACleanRun(int appends) throws IOException {
        Path dir = Files.createDirectory(root.resolve("clean-" + appends));
        PowerLossDisk disk = new PowerLossDisk(dir, Integer.MAX_VALUE, PowerLossDisk.Survivors.NONE);
        try (PageStore store = PageStore.open(dir, JsonCodec.INSTANCE, new BrokerCounters(), disk)) {
            for (int a = 0; a < appends; a++) {
                store.append(batch(a));
            }
        }
        return disk.operations();
    }

    private static List<PowerLossDisk.Survivors> survivorChoices(SplittableRandom random) {
        List<PowerLossDisk.Survivors> choices = new ArrayList<>(List.of(PowerLossDisk.Survivors.NONE, PowerLossDisk.Survivors.ALL));
        for (int i = 0; i < RANDOM_SUBSETS_PER_CRASH; i++) {
            choices.add(PowerLossDisk.Survivors.random(random.nextLong()));
        }
        return choices;
    }

    /** Appends until the power goes; returns the batches whose append returned, in order. */
    private static List<List<LogRecord>> runUntilPowerLoss(Path dir, int crashAfter, PowerLossDisk.Survivors survivors)
            throws IOException {
        Files.createDirectory(dir);
        PowerLossDisk disk = new PowerLossDisk(dir, crashAfter, survivors);
        List<List<LogRecord>> acknowledged = new ArrayList<>();
        PageStore store;
        try {
            store = PageStore.open(dir, JsonCodec.INSTANCE, new BrokerCounters(), disk);
        } catch (PowerLossDisk.PowerLost whileCreating) {
            disk.powerOff();
            return acknowledged;
        }
        try {
            for (int a = 0; a < APPENDS; a++) {
                List<LogRecord> batch = batch(a);
                store.append(batch);
                acknowledged.add(batch);
            }
        } catch (PowerLossDisk.PowerLost expected) {
            // the machine is off: what is acknowledged so far is all that was promised
        } finally {
            disk.powerOff();
            store.close();
        }
        return acknowledged;
    }

    private static void assertRecovered(Path dir, List<List<LogRecord>> acknowledged, String scenario) {
        List<LogRecord> expected = acknowledged.stream().flatMap(List::stream).toList();
        List<LogRecord> log = readAfterRestart(dir, scenario);

        assertThat(log).as("%s: records that survived", scenario).hasSizeGreaterThanOrEqualTo(expected.size());
        assertThat(log.subList(0, expected.size())).as("%s: acknowledged records", scenario)
                .containsExactlyElementsOf(expected);
        assertThat(log.size() - expected.size()).as("%s: records beyond the acknowledged ones", scenario)
                .isIn(0, RECORDS_PER_APPEND);
    }

    private static List<LogRecord> readAfterRestart(Path dir, String scenario) {
        try (PageStore store = PageStore.open(dir, JsonCodec.INSTANCE, new BrokerCounters())) {
            return store.readRecords(0, Integer.MAX_VALUE, Integer.MAX_VALUE);
        } catch (IOException e) {
            throw new AssertionError(scenario + ": the restarted store cannot open or read its log: " + e.getMessage(), e);
        }
    }

    private static List<LogRecord> batch(int append) {
        List<LogRecord> records = new ArrayList<>();
        for (int r = 0; r < RECORDS_PER_APPEND; r++) {
            byte[] key = ("k" + append + "." + r).getBytes(StandardCharsets.UTF_8);
            // one record spans pages, so a lost page in the middle of a record would show
            byte[] value = new byte[r == 0 ? PageStore.PAGE_SIZE + 100 : 10];
            new SplittableRandom(append * 31L + r).nextBytes(value);
            records.add(new LogRecord(key, value, append));
        }
        return records;
    }
}
