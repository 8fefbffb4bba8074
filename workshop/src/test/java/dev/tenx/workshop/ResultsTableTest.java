package dev.tenx.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultsTableTest {

    private static final Scenario RTT1 = Scenario.of(100, 1, 1);
    private static final List<StageResult> TWO_STAGES = List.of(
            TestResults.stage("stage0-naive", 0, 691.2, 2_300.8),
            TestResults.stage("stage1-batching", 1, 20_736, 4_601.6));

    private static List<ResultsTable> tables(List<StageResult> results) {
        return ResultsTable.of(results, false);
    }

    @Test
    void throughputTableRowsAndRatios() {
        ResultsTable table = tables(TWO_STAGES).get(0);
        assertThat(table.title()).isEqualTo("Throughput");
        assertThat(table.rows().get(0)).containsExactly("stage0-naive", "100B-1p", "691", "0.0691", "1.00x", "-",
                "2,301", "0.230", "1.00x", "-");
        assertThat(table.rows().get(1)).containsExactly("stage1-batching", "100B-1p", "20,736", "2.07", "30.0x", "30.0x",
                "4,602", "0.460", "2.00x", "2.00x");
    }

    @Test
    void everyTableHasTheScenarioAfterTheStageAndRatiosWithinAScenario() {
        List<StageResult> results = List.of(
                TestResults.stage("stage0-naive", 0, 1, TestResults.ONE_PRODUCER, 1_000, 2_000),
                TestResults.stage("stage1-batching", 1, 1, TestResults.ONE_PRODUCER, 10_000, 4_000),
                TestResults.stage("stage0-naive", 0, 1, RTT1, 500, 250),
                TestResults.stage("stage1-batching", 1, 1, RTT1, 20_000, 1_000));
        for (ResultsTable table : tables(results)) {
            assertThat(table.headers()).startsWith("stage", "scenario");
            assertThat(table.rows()).extracting(row -> row.get(1))
                    .containsExactly("100B-1p", "100B-1p", "100B-1p-rtt1", "100B-1p-rtt1");
        }
        List<List<String>> throughput = tables(results).get(0).rows();
        assertThat(throughput.get(3).subList(2, 6)).containsExactly("20,000", "2.00", "40.0x", "40.0x");
        assertThat(throughput.get(2).subList(4, 6)).as("stage0 first at rtt1: nothing before it").containsExactly("1.00x", "-");
    }

    @Test
    void latencyIsOpenLoopAndTheSaturatedColumnsAreLabelledForWhatTheyAre() {
        ResultsTable latency = tables(TWO_STAGES).get(1);
        assertThat(latency.headers()).containsExactly("stage", "scenario", "offered rec/s", "achieved rec/s",
                "p50 ms", "p99 ms", "p99.9 ms", "max ms", "saturated p50 ms", "p99 ms");
        assertThat(String.join(" ", latency.notes())).contains("coordinated omission corrected",
                "queued behind the runner's window");
        assertThat(latency.rows().get(1)).containsExactly("stage1-batching", "100B-1p", "10,368", "10,368",
                "0.500", "2.50", "4.50", "7.50", "1.22", "6.14");
    }

    @Test
    void aSkippedOpenLoopIsSaidSo() {
        List<StageResult> results = List.of(TestResults.swept("stage1-batching", 1, TestResults.ONE_PRODUCER, Map.of(), 5_000));
        assertThat(tables(results).get(1).rows().get(0).subList(2, 8)).containsOnly("skipped");
    }

    @Test
    void textIsAlignedLabelsLeftFiguresRight() {
        String text = tables(TWO_STAGES).get(2).toText();
        assertThat(text).isEqualTo("""
                Broker cost per record
                stage            scenario  rec/request  requests/fsync  fsyncs/rec  fsync us/rec  W mean us  W p99 us  syscalls/rec  reads/rec  writes/rec  B/read call  B/write call  CPU us/rec  alloc B/rec
                stage0-naive     100B-1p          10.0          0.0333        3.00           612      2,040     4,096          5.06       1.01        4.05          258          56.9         793        4,063
                stage1-batching  100B-1p          10.0          0.0333        3.00           612      2,040     4,096          5.06       1.01        4.05          258          56.9         793        4,063
                """);
    }

    @Test
    void markdownHasTheSameCellsWithRightAlignedFigures() {
        String markdown = tables(TWO_STAGES).get(3).toMarkdown();
        assertThat(markdown).isEqualTo("""
                ### Client (load generator) cost per record

                | stage | scenario | wire B/rec | syscalls/rec | reads/rec | writes/rec | B/read call | B/write call | CPU us/rec | alloc B/rec | buffered peak KB | in flight peak |
                |---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
                | stage0-naive | 100B-1p | 262 | 5.33 | 2.67 | 2.66 | 77.2 | 98.6 | 682 | 3,320 | 16.0 | 5 |
                | stage1-batching | 100B-1p | 262 | 5.33 | 2.67 | 2.66 | 77.2 | 98.6 | 682 | 3,320 | 16.0 | 5 |
                """);
    }

    @Test
    void csvHasTheRawFiguresMedianMinAndMax() {
        String csv = tables(TWO_STAGES).get(0).toCsv();
        assertThat(csv.lines().findFirst().orElseThrow()).startsWith(
                "stage,scenario,produce_records_per_second_median,produce_records_per_second_min,produce_records_per_second_max,");
        assertThat(csv.lines().skip(2).findFirst().orElseThrow())
                .startsWith("stage1-batching,100B-1p,20736,20736,20736,2.0736,2.0736,2.0736,");
        assertThat(csv.lines().skip(1).findFirst().orElseThrow()).as("no ratio to a previous stage: empty")
                .contains(",1,1,1,,,,");
    }

    @Test
    void aSweepIsOneTablePerStageWithTheSweptValuesAsColumns() {
        List<StageResult> results = List.of(
                TestResults.swept("stage1-batching", 1, TestResults.ONE_PRODUCER, Map.of("batch.size", "1024"), 5_000),
                TestResults.swept("stage1-batching", 1, TestResults.ONE_PRODUCER, Map.of("batch.size", "16384"), 50_000),
                TestResults.swept("stage2-pipeline", 2, TestResults.ONE_PRODUCER, Map.of(), 60_000),
                TestResults.swept("stage1-batching", 1, RTT1, Map.of("batch.size", "1024"), 900));

        List<ResultsTable> tables = ResultsTable.of(results, true);

        assertThat(tables).hasSize(2);
        assertThat(tables.get(0).toText()).isEqualTo("""
                Sweep of stage1-batching, produce only (replay skipped)
                saturated: closed loop at full load, mostly time queued behind the runner's window
                stage            scenario      batch.size  produce rec/s    MB/s  saturated p50 ms  p99 ms  rec/request  buffered peak KB  in flight peak
                stage1-batching  100B-1p       1024                5,000   0.500              1.22    6.14         10.0              16.0               5
                stage1-batching  100B-1p       16384              50,000    5.00              1.22    6.14         10.0              16.0               5
                stage1-batching  100B-1p-rtt1  1024                  900  0.0900              1.22    6.14         10.0              16.0               5
                """);
        assertThat(tables.get(1).headers()).as("a stage that defines no swept key: no swept column")
                .containsExactly("stage", "scenario", "produce rec/s", "MB/s", "saturated p50 ms", "p99 ms", "rec/request",
                        "buffered peak KB", "in flight peak");
        assertThat(tables.get(0).csvName()).isEqualTo("sweep-stage1-batching.csv");
    }

    @Test
    void aSaturatedPercentileAsLongAsTheWindowIsMarkedCappedWithTheReason() {
        // 1 KiB batches: 5,000 records queued at 230 rec/s would wait 21.7 s; the 5 s window caps what shows.
        StageResult capped = TestResults.withSaturated(
                TestResults.swept("stage1-batching", 1, TestResults.ONE_PRODUCER, Map.of("batch.size", "1024"), 230),
                new StageResult.Latency(1_150, 4_043, 5_612, 5_800, 5_900));
        StageResult uncapped = TestResults.swept("stage1-batching", 1, TestResults.ONE_PRODUCER,
                Map.of("batch.size", "16384"), 2_739);

        ResultsTable sweep = ResultsTable.of(List.of(capped, uncapped), true).get(0);

        assertThat(sweep.rows().get(0)).contains("4,043", ">5,612");
        assertThat(sweep.rows().get(1)).contains("1.22", "6.14");
        assertThat(sweep.notes()).contains(ResultsTable.CAPPED_NOTE);
        assertThat(sweep.toCsv()).as("the CSV keeps the raw figure").contains(",5612,5612,5612,");
        assertThat(ResultsTable.of(List.of(uncapped), true).get(0).notes())
                .as("no note where nothing is capped").doesNotContain(ResultsTable.CAPPED_NOTE);
    }

    @Test
    void aSkippedReplayIsSaidSo() {
        List<StageResult> results = List.of(TestResults.swept("stage1-batching", 1, TestResults.ONE_PRODUCER, Map.of(), 5_000));
        assertThat(tables(results).get(0).rows().get(0).subList(6, 10)).containsExactly("skipped", "-", "-", "-");
    }

    @Test
    void figuresThisSystemCannotMeasureAreNotAvailableNotMissing() {
        Costs.ProcessCosts noProc = Costs.ProcessCosts.of(ProcIo.UNAVAILABLE, 1_000_000, 1_000, 1_000);
        StageResult withoutProc = TestResults.withCosts(TestResults.stage("stage0-naive", 0, 900, 4_000),
                new Costs(1_000, 100, 10.0, 1.0 / 30, 3_000, 612_000_000, 3.0, 612, 2_040, 4_096, noProc, noProc, noProc));
        assertThat(tables(List.of(withoutProc)).get(2).rows().get(0)).containsExactly(
                "stage0-naive", "100B-1p", "10.0", "0.0333", "3.00", "612", "2,040", "4,096", "n/a", "n/a", "n/a", "n/a", "n/a", "1.00", "1.00");
        assertThat(tables(List.of(withoutProc)).get(3).rows().get(0).subList(2, 8)).containsOnly("n/a");
    }

    @Test
    void calibrationIsATableWithOneRowPerMeasurement() {
        Calibration calibration = new Calibration(new Calibration.Percentiles(3_000, 52.14, 88.6),
                new Calibration.Percentiles(300, 1_834.2, 4_120.9))
                .with(new Calibration.DelayProxyRoundTrip(1, new Calibration.Percentiles(500, 1_112.4, 1_301)));
        assertThat(ResultsTable.calibration(calibration).toText()).isEqualTo("""
                This machine, measured at the start of this run
                measurement                                   p50 us  p99 us  samples
                loopback round trip, 1 B, TCP_NODELAY           52.1    88.6    3,000
                fsync after a 4 KB write                       1,834   4,121      300
                round trip through the delay proxy, rtt.ms=1   1,112   1,301      500
                """);
    }

    @Test
    void formatNeverPrintsNaNOrInfinity() {
        assertThat(Format.count(Double.NaN)).isEqualTo("-");
        assertThat(Format.decimal(Double.POSITIVE_INFINITY)).isEqualTo("-");
        assertThat(Format.ratio(Double.NaN)).isEqualTo("-");
        assertThat(Format.decimal(0)).isEqualTo("0");
        assertThat(Format.decimal(0.000012)).isEqualTo("1.20e-5");
        assertThat(Format.decimal(1_234_567.8)).isEqualTo("1,234,568");
    }

    @Test
    void aSpreadPrintsItsRangeOnlyWhereTheRepetitionsDiffer() {
        assertThat(Format.spread(Spread.of(900, 1_000, 1_200), Format::count)).isEqualTo("1,000 (900..1,200)");
        assertThat(Format.spread(Spread.of(3.0, 3.001, 2.999), Format::decimal)).isEqualTo("3.00");
        assertThat(Format.spread(Spread.of(7), Format::count)).isEqualTo("7");
        assertThat(Format.spread(Spread.of(Double.NaN, Double.NaN), Format::count)).isEqualTo("-");
    }

    @Test
    void settingsPrintAsTyped() {
        assertThat(Format.plain(0)).isEqualTo("0");
        assertThat(Format.plain(1)).isEqualTo("1");
        assertThat(Format.plain(0.25)).isEqualTo("0.25");
        assertThat(Format.plain(1_000)).isEqualTo("1000");
    }
}
