package dev.tenx.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResultsTableTest {

    private static final List<StageResult> TWO_STAGES = List.of(
            TestResults.stage("stage0-naive", 0, 691.2, 2_300.8, true),
            TestResults.stage("stage1-batching", 1, 20_736, 4_601.6, false));

    @Test
    void throughputTableRowsRatiosAndCutReplay() {
        ResultsTable table = ResultsTable.of(TWO_STAGES).get(0);
        assertThat(table.rows().get(0)).containsExactly("stage0-naive", "691", "0.0691", "1.00x", "-",
                "1.22", "6.14", "10.3", "2,301", "0.230", "1.00x", "-");
        assertThat(table.rows().get(1)).containsExactly("stage1-batching", "20,736", "2.07", "30.0x", "30.0x",
                "1.22", "6.14", "10.3", "4,602 (cut)", "0.460", "2.00x", "2.00x");
    }

    @Test
    void textIsAlignedFirstColumnLeftFiguresRight() {
        String text = ResultsTable.of(TWO_STAGES).get(1).toText();
        assertThat(text).isEqualTo("""
                Broker cost per record
                stage            fsyncs/rec  fsync us/rec  syscalls/rec  reads/rec  writes/rec  B/read call  B/write call  CPU us/rec  alloc B/rec
                stage0-naive           3.00           612          5.06       1.01        4.05          258          56.9         793        4,063
                stage1-batching        3.00           612          5.06       1.01        4.05          258          56.9         793        4,063
                """);
    }

    @Test
    void markdownHasTheSameCellsWithRightAlignedFigures() {
        String markdown = ResultsTable.of(TWO_STAGES).get(2).toMarkdown();
        assertThat(markdown).isEqualTo("""
                ### Client (load generator) cost per record

                | stage | syscalls/rec | reads/rec | writes/rec | B/read call | B/write call | CPU us/rec | alloc B/rec |
                |---|---:|---:|---:|---:|---:|---:|---:|
                | stage0-naive | 5.33 | 2.67 | 2.66 | 77.2 | 98.6 | 682 | 3,320 |
                | stage1-batching | 5.33 | 2.67 | 2.66 | 77.2 | 98.6 | 682 | 3,320 |
                """);
    }

    @Test
    void calibrationIsATableWithOneRowPerMeasurement() {
        Calibration calibration = new Calibration(new Calibration.Percentiles(3_000, 52.14, 88.6),
                new Calibration.Percentiles(300, 1_834.2, 4_120.9));
        assertThat(ResultsTable.calibration(calibration).toText()).isEqualTo("""
                This machine, measured at the start of this run
                measurement                            p50 us  p99 us  samples
                loopback round trip, 1 B, TCP_NODELAY    52.1    88.6    3,000
                fsync after a 4 KB write                1,834   4,121      300
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
}
