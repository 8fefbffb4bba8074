package dev.tenx.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultsTableTest {

    private static final List<StageResult> TWO_STAGES = List.of(
            TestResults.stage("stage0-naive", 0, 691.2, 2_300.8),
            TestResults.stage("stage1-batching", 1, 20_736, 4_601.6));

    @Test
    void throughputTableRowsAndRatios() {
        ResultsTable table = ResultsTable.of(TWO_STAGES).get(0);
        assertThat(table.rows().get(0)).containsExactly("stage0-naive", "0", "691", "0.0691", "1.00x", "-",
                "1.22", "6.14", "10.3", "2,301", "0.230", "1.00x", "-");
        assertThat(table.rows().get(1)).containsExactly("stage1-batching", "0", "20,736", "2.07", "30.0x", "30.0x",
                "1.22", "6.14", "10.3", "4,602", "0.460", "2.00x", "2.00x");
    }

    @Test
    void everyTableHasTheRoundTripAfterTheStageAndRatiosAtTheSameRoundTrip() {
        List<StageResult> results = List.of(
                TestResults.stage("stage0-naive", 0, 0, 1_000, 2_000),
                TestResults.stage("stage1-batching", 1, 0, 10_000, 4_000),
                TestResults.stage("stage0-naive", 0, 0.5, 500, 250),
                TestResults.stage("stage1-batching", 1, 0.5, 20_000, 1_000));
        List<ResultsTable> tables = ResultsTable.of(results);
        for (ResultsTable table : tables) {
            assertThat(table.headers()).startsWith("stage", "rtt ms");
            assertThat(table.rows()).extracting(row -> row.get(1)).containsExactly("0", "0", "0.5", "0.5");
        }
        List<String> stage1AtHalfMs = tables.get(0).rows().get(3);
        assertThat(stage1AtHalfMs.subList(2, 6)).containsExactly("20,000", "2.00", "40.0x", "40.0x");
        assertThat(tables.get(0).rows().get(2).subList(4, 6)).containsExactly("1.00x", "-");
    }

    @Test
    void textIsAlignedFirstColumnLeftFiguresRight() {
        String text = ResultsTable.of(TWO_STAGES).get(1).toText();
        assertThat(text).isEqualTo("""
                Broker cost per record
                stage            rtt ms  rec/request  fsyncs/rec  fsync us/rec  syscalls/rec  reads/rec  writes/rec  B/read call  B/write call  CPU us/rec  alloc B/rec
                stage0-naive          0         10.0        3.00           612          5.06       1.01        4.05          258          56.9         793        4,063
                stage1-batching       0         10.0        3.00           612          5.06       1.01        4.05          258          56.9         793        4,063
                """);
    }

    @Test
    void markdownHasTheSameCellsWithRightAlignedFigures() {
        String markdown = ResultsTable.of(TWO_STAGES).get(2).toMarkdown();
        assertThat(markdown).isEqualTo("""
                ### Client (load generator) cost per record

                | stage | rtt ms | syscalls/rec | reads/rec | writes/rec | B/read call | B/write call | CPU us/rec | alloc B/rec | buffered peak KB | in flight peak |
                |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
                | stage0-naive | 0 | 5.33 | 2.67 | 2.66 | 77.2 | 98.6 | 682 | 3,320 | 16.0 | 5 |
                | stage1-batching | 0 | 5.33 | 2.67 | 2.66 | 77.2 | 98.6 | 682 | 3,320 | 16.0 | 5 |
                """);
    }

    @Test
    void aSweepIsOneTablePerStageWithTheSweptValuesAsColumns() {
        List<StageResult> results = List.of(
                TestResults.swept("stage1-batching", 1, 0, Map.of("batch.size", "1024"), 5_000),
                TestResults.swept("stage1-batching", 1, 0, Map.of("batch.size", "16384"), 50_000),
                TestResults.swept("stage2-pipeline", 2, 0, Map.of(), 60_000),
                TestResults.swept("stage1-batching", 1, 1, Map.of("batch.size", "1024"), 900));

        List<ResultsTable> tables = ResultsTable.of(results, true);

        assertThat(tables).hasSize(2);
        assertThat(tables.get(0).title()).isEqualTo("Sweep of stage1-batching, produce only (replay skipped)");
        assertThat(tables.get(0).toText()).isEqualTo("""
                Sweep of stage1-batching, produce only (replay skipped)
                stage            rtt ms  batch.size  produce rec/s    MB/s  ack p50 ms  p99 ms  rec/request  buffered peak KB  in flight peak
                stage1-batching       0        1024          5,000   0.500        1.22    6.14         10.0              16.0               5
                stage1-batching       0       16384         50,000    5.00        1.22    6.14         10.0              16.0               5
                stage1-batching       1        1024            900  0.0900        1.22    6.14         10.0              16.0               5
                """);
        assertThat(tables.get(1).headers()).as("a stage that defines no swept key: no swept column")
                .containsExactly("stage", "rtt ms", "produce rec/s", "MB/s", "ack p50 ms", "p99 ms", "rec/request",
                        "buffered peak KB", "in flight peak");
    }

    @Test
    void aSkippedReplayIsSaidSo() {
        List<StageResult> results = List.of(TestResults.swept("stage1-batching", 1, 0, Map.of(), 5_000));
        assertThat(ResultsTable.of(results).get(0).rows().get(0).subList(9, 13))
                .containsExactly("skipped", "-", "-", "-");
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
    void settingsPrintAsTyped() {
        assertThat(Format.plain(0)).isEqualTo("0");
        assertThat(Format.plain(1)).isEqualTo("1");
        assertThat(Format.plain(0.25)).isEqualTo("0.25");
        assertThat(Format.plain(1_000)).isEqualTo("1000");
    }

    @Test
    void figuresThisSystemCannotMeasureAreNotAvailableNotMissing() {
        Costs.ProcessCosts noProc = Costs.ProcessCosts.of(ProcIo.UNAVAILABLE, 1_000_000, 1_000, 1_000);
        StageResult r = TestResults.stage("stage0-naive", 0, 900, 4_000);
        StageResult withoutProc = new StageResult(r.stage(), r.number(), r.technique(), r.rttMs(), r.sweep(),
                r.clientPid(), r.produce(), r.latency(), r.replay(),
                new Costs(1_000, 100, 10.0, 3_000, 612_000_000, 3.0, 612, noProc, noProc, noProc),
                r.producerGauges(), Map.of(), Map.of(), Map.of());
        assertThat(ResultsTable.brokerCosts(List.of(withoutProc)).rows().get(0))
                .containsExactly("stage0-naive", "0", "10.0", "3.00", "612", "n/a", "n/a", "n/a", "n/a", "n/a", "1.00", "1.00");
    }
}
