package dev.tenx.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A two-combination sweep of stage 1 with short windows, twice: one table per stage, the swept
 * values as columns, no replay, the producers' gauges and the broker's records per request, and
 * the repetitions interleaved. Checks shapes and signs, not figures.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SweepEndToEndTest {

    private static final Path OUTPUT = Path.of("target", "e2e-sweep");

    private static String printed;
    private static JsonNode results;
    private static String markdown;

    /**
     * Four broker and client starts and 1.2 s of load each take seconds on a quiet machine, and up
     * to 40 s each on one loaded four times over: the limit guards against a hang, it is no budget.
     * No profile: the sweep's shape is under test, not where its time goes.
     */
    @BeforeAll
    @Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    static void sweepStage1() throws Exception {
        RecordedRun run = RecordedRun.of(List.of("stages=stage1", "warmup.ms=200", "duration.ms=1000", "rtt.ms=0",
                "max.unacked.records=300", "sweep=batch.size=1024,16384", "repeats=2", "profile=false"), OUTPUT);
        printed = run.printed();
        results = run.results();
        markdown = run.markdown();
    }

    @Test
    void printsOneSweepTableInsteadOfTheComparison() {
        String title = "Sweep of stage1-batching, produce only (replay skipped)";
        assertThat(printed).contains(title, "batch.size", "rec/request", "buffered peak KB")
                .doesNotContain("Throughput and latency");
        assertThat(markdown).contains("### " + title, "| stage1-batching | 100B-1p | 1024 |", "| stage1-batching | 100B-1p | 16384 |");
        assertThat(markdown.lines().filter(line -> line.startsWith("| stage1-batching |")))
                .as("one row per combination, over both repetitions").hasSize(2);
        assertThat(markdown).contains("the median of 2 repetitions");
    }

    @Test
    void recordsEveryRunWithItsSweptValuesAndNoReplayRepetitionsInterleaved() {
        JsonNode stages = results.get("stages");
        assertThat(stages).extracting(s -> s.get("repetition").asInt() + " " + s.get("sweep").get("batch.size").asText())
                .containsExactly("1 1024", "1 16384", "2 1024", "2 16384");
        assertThat(stages.get(1).get("producerConfig").get("batch.size").asInt()).isEqualTo(16_384);
        for (JsonNode stage : stages) {
            assertThat(stage.get("replay").isNull()).isTrue();
        }
        assertThat(results.get("sweep").get("batch.size")).hasSize(2);
        assertThat(results.get("comparisons")).isEmpty();
    }

    @Test
    void batchingShowsInRecordsPerRequestAndInTheProducersGauges() {
        for (JsonNode stage : results.get("stages")) {
            assertThat(stage.get("costs").get("recordsPerRequest").asDouble()).as("records per request").isGreaterThan(1);
            JsonNode gauges = stage.get("producerGauges");
            assertThat(gauges.get("samples").asLong()).isPositive();
            assertThat(gauges.get("bufferedBytesPeak").asLong()).isPositive();
            assertThat(gauges.get("inFlightRequestsPeak").asLong()).isPositive();
        }
    }
}
