package dev.tenx.workshop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole runner against stage 0, with short windows, in two scenarios (direct, and 1 ms
 * added by the delay proxy): calibration, broker and load generator each in a JVM of its own,
 * load, replay, tables and result files. Checks that every figure is there and has the sign it
 * must have, not what it is. The run is bounded: a hang fails it instead of stalling the build.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ComparisonRunnerEndToEndTest {

    private static final Path OUTPUT = Path.of("target", "e2e-run");
    private static final long REPLAY_MS = 1_000;
    private static final long LATENCY_MS = 1_000;

    private static String printed;
    private static JsonNode results;
    private static String markdown;

    /** Two broker starts, 1.8 s of load, replay and stop each take seconds; this is several times that. */
    @BeforeAll
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    static void runAgainstStage0() throws Exception {
        deleteRecursively(OUTPUT.resolve("runs")); // earlier builds' runs: the trail checked below is this run's
        RecordedRun run = RecordedRun.of(List.of("stages=stage0", "warmup.ms=300", "duration.ms=1500", "latency.ms=" + LATENCY_MS,
                "replay.ms=" + REPLAY_MS,
                "scenarios=100B-1p,100B-1p-rtt1"), OUTPUT);
        printed = run.printed();
        results = run.results();
        markdown = run.markdown();
    }

    @Test
    void printsTheTables() {
        assertThat(printed).contains("Throughput", "Latency", "Broker cost per record",
                "Client (load generator) cost per record", "Broker cost per replayed record",
                "Client (consumer) cost per replayed record", "stage0-naive  100B-1p ", "stage0-naive  100B-1p-rtt1");
        assertThat(markdown).contains("### Throughput", "| stage0-naive | 100B-1p |", "| stage0-naive | 100B-1p-rtt1 |",
                "GiB memory", "broker JVM:", "- scenarios: [100B-1p, 100B-1p-rtt1], repeats: 1");
        assertThat(results.get("schemaVersion").asInt()).isEqualTo(ResultsWriter.SCHEMA_VERSION);
        assertThat(printed).contains(ResultsWriter.HTML_FILE);
        assertThat(results.get("overload").isNull()).as("overload=false, the default").isTrue();
    }

    @Test
    void measuresWhatRecordingCostsWithOneRunMoreWithoutIt() {
        assertThat(printed).contains("What profile=true costs, measured in this run");
        assertThat(markdown).contains("What profile=true costs, measured in this run", "| stage0-naive | 100B-1p |");
        assertThat(results.get("unprofiled").get("stage").asText()).isEqualTo("stage0-naive");
        assertThat(results.get("unprofiled").get("profile").isNull()).as("recorded nothing").isTrue();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    @Test
    void leavesNoEmptyLogBehind() throws IOException {
        try (Stream<Path> files = Files.list(OUTPUT.resolve("runs"))) {
            List<Path> runFiles = files.toList();
            assertThat(runFiles).as("each stage run keeps its task and result").anyMatch(f -> f.toString().endsWith(".task.json"));
            assertThat(runFiles.stream().filter(f -> f.toString().endsWith(".log")).filter(ComparisonRunnerEndToEndTest::isEmpty))
                    .as("empty broker and client logs").isEmpty();
        }
    }

    private static boolean isEmpty(Path file) {
        try {
            return Files.size(file) == 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void listsTheKnobsInForceBeforeAnythingRuns() {
        assertThat(printed.indexOf("Knobs in force")).isNotNegative().isLessThan(printed.indexOf(ResultsTable.CALIBRATION_TITLE));
        assertThat(printed).containsPattern("stages = stage0 +command line\n")
                .containsPattern("duration.ms = 1500 +command line\n")
                .contains("runner keys at their defaults: ", "repeats=1");
    }

    @Test
    void saysHowBusyTheMachineWasBeforeTheTablesAndRecordsIt() {
        assertThat(printed).contains("This machine before the run: load average");
        int verdict = Math.max(printed.indexOf("BUSY MACHINE: "), printed.indexOf("Machine: quiet enough for this run"));
        assertThat(verdict).isPositive().isLessThan(printed.indexOf("Throughput"));
        assertThat(printed).contains("In-run fsync (the broker's mean time in one force()) / the calibration's fsync p50: "
                + "stage0-naive ");
        JsonNode load = results.get("load");
        assertThat(load.get("cores").asInt()).isPositive();
        assertThat(load.get("otherCores").asDouble()).isNotNegative();
        assertThat(load.get("stealShare").asDouble()).isBetween(0.0, 1.0);
        assertThat(load.get("loadAtStart").isNumber()).isTrue();
        assertThat(load.get("busy").isBoolean()).isTrue();
        assertThat(load.get("fsyncVsCalibration").get("stage0-naive").asDouble()).isPositive();
        assertThat(markdown).contains(verdict == printed.indexOf("BUSY MACHINE: ") ? "BUSY MACHINE: " : "Machine: quiet");
    }

    @Test
    void calibrationIsPrintedFirstAndRecorded() {
        assertThat(printed.indexOf(ResultsTable.CALIBRATION_TITLE)).isPositive()
                .isLessThan(printed.indexOf("Throughput"));
        assertThat(printed).contains(Calibration.LOOPBACK_LABEL, Calibration.FSYNC_LABEL);
        assertThat(markdown).contains("### " + ResultsTable.CALIBRATION_TITLE,
                "| " + Calibration.LOOPBACK_LABEL + " |", "| " + Calibration.FSYNC_LABEL + " |");
        JsonNode calibration = results.get("calibration");
        for (String measurement : List.of("loopbackRoundTrip", "fsyncAfter4KbWrite")) {
            JsonNode p = calibration.get(measurement);
            assertThat(p.get("samples").asInt()).as(measurement).isPositive();
            assertThat(p.get("p50Micros").asDouble()).as(measurement).isPositive();
            assertThat(p.get("p99Micros").asDouble()).as(measurement).isGreaterThanOrEqualTo(p.get("p50Micros").asDouble());
        }
    }

    @Test
    void theDelayProxyIsMeasuredAndEachRunRecordsItsRoundTrip() {
        assertThat(printed).contains(Calibration.DELAY_PROXY_LABEL + "1");
        assertThat(markdown).contains("| " + Calibration.DELAY_PROXY_LABEL + "1 |");
        JsonNode proxy = results.get("calibration").get("delayProxyRoundTrips");
        assertThat(proxy).hasSize(1);
        assertThat(proxy.get(0).get("rttMs").asDouble()).isEqualTo(1.0);
        assertThat(proxy.get(0).get("roundTrip").get("p50Micros").asDouble())
                .as("never less than the round trip it adds").isGreaterThanOrEqualTo(1_000.0);
        assertThat(stages()).extracting(s -> s.get("scenario").get("rttMs").asDouble()).containsExactly(0.0, 1.0);
        JsonNode direct = stages().get(0).get("costs").get("proxy");
        JsonNode proxied = stages().get(1).get("costs").get("proxy");
        assertThat(direct.get("syscr").asLong()).isZero();
        assertThat(proxied.get("syscr").asLong()).as("the proxy counted its own reads").isPositive();
        assertThat(proxied.get("cpuNanos").asLong()).isPositive();
        assertThat(stages().get(1).get("saturated").get("p50Ms").asDouble())
                .as("a record waits at least the added round trip").isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void theLoadGeneratorRunsInAJvmOfItsOwnPerStageRun() {
        long runner = ProcessHandle.current().pid();
        assertThat(stages()).extracting(stage -> stage.get("clientPid").asLong())
                .doesNotContain(runner)
                .doesNotHaveDuplicates()
                .allMatch(pid -> pid > 0);
        assertThat(markdown).contains("- client JVM (load generator, one per stage run): -Xms1g -Xmx1g");
        assertThat(printed).contains("client (load generator) [-Xms1g, -Xmx1g]");
    }

    @Test
    void ratiosCompareRunsOfTheSameScenario() {
        JsonNode comparisons = results.get("comparisons");
        assertThat(comparisons).hasSize(2);
        assertThat(comparisons.get(1).get("scenario").asText()).isEqualTo("100B-1p-rtt1");
        assertThat(comparisons.get(1).get("produceVsStage0").asDouble()).as("stage0 at 1 ms against itself").isEqualTo(1.0);
        assertThat(comparisons.get(1).get("produceVsPrevious").isNull()).as("NaN is written as null").isTrue();
        assertThat(printed).contains("scenario", "rec/request", "buffered peak KB", "in flight peak");
    }

    @Test
    void produceAndLatencyArePositive() {
        for (JsonNode stage : stages()) {
            produceAndLatencyArePositive(stage);
        }
    }

    private static void produceAndLatencyArePositive(JsonNode stage) {
        JsonNode produce = stage.get("produce");
        assertThat(produce.get("records").asLong()).isPositive();
        assertThat(produce.get("recordsPerSecond").asDouble()).isPositive();
        assertThat(produce.get("megabytesPerSecond").asDouble()).isPositive();
        assertThat(produce.get("logEnd").asLong()).isGreaterThanOrEqualTo(produce.get("records").asLong());
        JsonNode latency = stage.get("saturated");
        assertThat(latency.get("count").asLong()).isPositive();
        assertThat(latency.get("p50Ms").asDouble()).isPositive();
        assertThat(latency.get("p99Ms").asDouble()).isGreaterThanOrEqualTo(latency.get("p50Ms").asDouble());
        assertThat(latency.get("p999Ms").asDouble()).isGreaterThanOrEqualTo(latency.get("p99Ms").asDouble());
    }

    @Test
    void theOpenLoopOffersHalfTheClosedLoopsRateAndMeasuresFromEachRecordsDueTime() {
        for (JsonNode stage : stages()) {
            JsonNode openLoop = stage.get("openLoop");
            double closedLoop = stage.get("produce").get("recordsPerSecond").asDouble();
            assertThat(openLoop.get("offeredRecordsPerSecond").asDouble()).isCloseTo(closedLoop / 2, offset(1e-6));
            assertThat(openLoop.get("achievedRecordsPerSecond").asDouble()).isPositive();
            JsonNode latency = openLoop.get("latency");
            assertThat(latency.get("count").asLong()).isPositive();
            assertThat(latency.get("p50Ms").asDouble()).isPositive();
            assertThat(latency.get("maxMs").asDouble()).isGreaterThanOrEqualTo(latency.get("p999Ms").asDouble());
        }
        assertThat(stages().get(1).get("openLoop").get("latency").get("p50Ms").asDouble())
                .as("a record waits at least the added round trip").isGreaterThanOrEqualTo(1.0);
        assertThat(printed).contains("offered rec/s", "achieved rec/s", "coordinated omission corrected");
    }

    @Test
    void replayReadsForReplayMsFromOffsetZero() {
        for (JsonNode stage : stages()) {
            replayReadsForReplayMsFromOffsetZero(stage);
        }
    }

    private static void replayReadsForReplayMsFromOffsetZero(JsonNode stage) {
        JsonNode replay = stage.get("replay");
        long logEnd = stage.get("produce").get("logEnd").asLong();
        assertThat(replay.get("nanos").asLong()).as("replay time").isGreaterThanOrEqualTo(REPLAY_MS * 1_000_000L);
        assertThat(replay.get("records").asLong()).as("records replayed").isPositive();
        assertThat(replay.get("passes").asDouble()).as("passes over the log of %d records", logEnd)
                .isCloseTo((double) replay.get("records").asLong() / logEnd, offset(1e-9));
        assertThat(replay.get("recordsPerSecond").asDouble()).isPositive();
        assertThat(replay.get("megabytesPerSecond").asDouble()).isPositive();
        for (String side : new String[] {"broker", "client"}) {
            assertThat(replay.get(side).get("cpuMicrosPerRecord").asDouble())
                    .as("%s CPU per replayed record", side).isPositive();
            assertThat(replay.get(side).get("allocatedBytesPerRecord").asDouble())
                    .as("%s allocation per replayed record", side).isNotNegative();
        }
    }

    @Test
    void costsArePresentForBothProcesses() {
        for (JsonNode stage : stages()) {
            costsArePresentForBothProcesses(stage.get("costs"));
        }
    }

    private static void costsArePresentForBothProcesses(JsonNode costs) {
        assertThat(costs.get("records").asLong()).isPositive();
        assertThat(costs.get("fsyncsPerRecord").asDouble()).isGreaterThanOrEqualTo(1.0);
        assertThat(costs.get("fsyncMicrosPerRecord").asDouble()).isPositive();
        assertThat(costs.get("recordsPerRequest").asDouble()).as("stage 0: one record per request")
                .isGreaterThan(0.9).isLessThanOrEqualTo(1.0);
        for (String side : List.of("broker", "client")) {
            JsonNode p = costs.get(side);
            for (String figure : List.of("syscallsPerRecord", "readsPerRecord", "writesPerRecord", "bytesPerRead",
                    "bytesPerWrite", "cpuMicrosPerRecord", "allocatedBytesPerRecord")) {
                assertThat(p.get(figure).isNumber()).as(side + " " + figure + " is a number").isTrue();
                assertThat(p.get(figure).asDouble()).as(side + " " + figure).isPositive();
            }
        }
    }

    @Test
    void recordsMachineSettingsAndResolvedConfig() {
        assertThat(results.get("timestamp").asText()).isNotEmpty();
        JsonNode machine = results.get("machine");
        assertThat(machine.get("cores").asInt()).isPositive();
        assertThat(machine.get("cpuModel").asText()).isNotEmpty();
        assertThat(machine.get("memoryBytes").asLong()).isPositive();
        assertThat(machine.get("jdk").asText()).contains(System.getProperty("java.runtime.version"));
        assertThat(results.get("runner").get("duration.ms").asLong()).isEqualTo(1_500);
        assertThat(results.get("brokerJvmArgs")).isNotEmpty();
        JsonNode stage = stages().get(0);
        assertThat(stage.get("producerGauges").get("samples").asLong()).isPositive();
        assertThat(stage.get("producerGauges").get("bufferedBytesPeak").asLong()).as("stage 0 reports no gauges").isZero();
        assertThat(stage.get("producerConfig").get("max.request.size").asInt()).isPositive();
        assertThat(stage.get("brokerConfig").get("log.dir").asText()).contains("stage0-naive");
        assertThat(results.get("comparisons").get(0).get("produceVsStage0").asDouble()).isEqualTo(1.0);
    }

    /** stage0-naive direct, then through the delay proxy. */
    private static List<JsonNode> stages() {
        assertThat(results.get("stages")).hasSize(2);
        List<JsonNode> stages = List.of(results.get("stages").get(0), results.get("stages").get(1));
        assertThat(stages).allMatch(stage -> stage.get("stage").asText().equals("stage0-naive"));
        return stages;
    }
}
