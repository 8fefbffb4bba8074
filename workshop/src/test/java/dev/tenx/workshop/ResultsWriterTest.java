package dev.tenx.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsWriterTest {

    private static final String START = "2026-12-01T10:20:30.123Z";

    private static ResultsWriter.Run run() {
        Calibration calibration = new Calibration(new Calibration.Percentiles(3_000, 28.3, 134),
                new Calibration.Percentiles(300, 314, 532));
        List<StageResult> stages = List.of(TestResults.stage("stage0-naive", 0, 900, 4_000));
        return new ResultsWriter.Run(ResultsWriter.SCHEMA_VERSION, START, Machine.current(), calibration,
                Map.of(), List.of("-Xmx1g"), List.of("-Xmx1g"), Map.of(), List.of(TestResults.ONE_PRODUCER), 1, Map.of(), stages, Comparison.of(stages),
                MachineLoad.between(MachineLoad.Snapshot.UNKNOWN, MachineLoad.Snapshot.UNKNOWN, calibration, stages), null, null);
    }

    @Test
    void eachRunGetsItsOwnDirectoryAndLatestPointsAtTheNewest(@TempDir Path output) throws IOException {
        Path first = ResultsWriter.write(output, run());
        Path second = ResultsWriter.write(output, run());

        assertThat(first.getFileName()).hasToString("20261201-102030");
        assertThat(second.getFileName()).as("same second, another directory").hasToString("20261201-102030-2");
        assertThat(first.resolve(ResultsWriter.JSON_FILE)).exists();
        Path latest = output.resolve("results").resolve(ResultsWriter.LATEST);
        assertThat(Files.isSymbolicLink(latest)).isTrue();
        assertThat(Files.readSymbolicLink(latest)).as("relative, so the directory can move").hasToString(second.getFileName().toString());
        assertThat(ResultsWriter.latest(output.resolve("results"))).isEqualTo(second);
    }

    @Test
    void whereLinksAreRefusedLatestIsAFileNamingTheDirectory(@TempDir Path output) throws IOException {
        ResultsWriter.LinkMaker refuses = (link, target) -> {
            throw new UnsupportedOperationException("no symbolic links here");
        };
        Path dir = ResultsWriter.write(output, run(), refuses);

        Path latest = output.resolve("results").resolve(ResultsWriter.LATEST);
        assertThat(Files.isRegularFile(latest, LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(Files.readString(latest).strip()).isEqualTo(dir.getFileName().toString());
        assertThat(ResultsWriter.latest(output.resolve("results"))).isEqualTo(dir);
        assertThat(ResultsWriter.write(output, run())).as("a later run replaces the file with a link").isNotNull();
        assertThat(Files.isSymbolicLink(latest)).isTrue();
    }

    @Test
    void jsonHasItsSchemaVersionAndNullWhereAFigureIsMissing(@TempDir Path output) throws IOException {
        Path dir = ResultsWriter.write(output, run());
        JsonNode json = new ObjectMapper().readTree(dir.resolve(ResultsWriter.JSON_FILE).toFile());

        assertThat(json.get("schemaVersion").asInt()).isEqualTo(ResultsWriter.SCHEMA_VERSION);
        JsonNode vsPrevious = json.get("comparisons").get(0).get("produceVsPrevious");
        assertThat(vsPrevious.isNull()).as("NaN (no previous stage) is written as null").isTrue();
        assertThat(json.get("comparisons").get(0).get("produceVsStage0").asDouble()).isEqualTo(1.0);
        assertThat(Files.readString(dir.resolve(ResultsWriter.JSON_FILE))).doesNotContain("NaN");
    }

    @Test
    void eachTableHasACsvBesideTheJsonAndThePageToo(@TempDir Path output) throws IOException {
        Path dir = ResultsWriter.write(output, run());
        assertThat(dir.resolve("throughput.csv")).content().startsWith("stage,scenario,produce_records_per_second_median,");
        assertThat(dir.resolve("latency.csv")).exists();
        assertThat(dir.resolve("broker-costs.csv")).exists();
        assertThat(dir.resolve("client-costs.csv")).exists();
        assertThat(dir.resolve(ResultsWriter.HTML_FILE)).exists();
    }

    @Test
    void withoutTheOverloadScenarioItsFieldIsNullAndResultsMdHasNoSection(@TempDir Path output) throws IOException {
        Path dir = ResultsWriter.write(output, run());

        assertThat(new ObjectMapper().readTree(dir.resolve(ResultsWriter.JSON_FILE).toFile()).get("overload").isNull())
                .isTrue();
        assertThat(Files.readString(dir.resolve(ResultsWriter.MARKDOWN_FILE))).doesNotContain(OverloadReport.SECTION_TITLE);
    }
}
