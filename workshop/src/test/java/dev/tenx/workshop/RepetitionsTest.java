package dev.tenx.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenx.common.spi.Stage;
import dev.tenx.common.spi.Stages;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Repetitions run interleaved (every stage of every scenario once, then again, in the reverse
 * order on even repetitions, so no stage always runs first or last), and a ratio in
 * the tables is the median of the ratios taken within each repetition, not the ratio of the
 * medians.
 */
class RepetitionsTest {

    private static final Stage STAGE0 = Stages.byName("stage0");
    private static final Stage STAGE1 = Stages.byName("stage1");
    private static final Stage STAGE2 = Stages.byName("stage2");
    private static final Scenario SMALL = Scenario.of(100, 1, 0);
    private static final Scenario LARGE = Scenario.of(1_000, 4, 0);

    private static List<RunPlan.Cell> plan(int repetitions) {
        return RunPlan.of(repetitions, List.of(SMALL, LARGE), List.of(STAGE0, STAGE1, STAGE2), stage -> List.of(Map.of()));
    }

    private static String describe(RunPlan.Cell cell) {
        return cell.repetition() + " " + cell.scenario().name() + " " + cell.stage().name();
    }

    @Test
    void everyStageOfEveryScenarioRunsOnceBeforeAnyRunsAgainAndEvenRepetitionsRunThemInReverse() {
        assertThat(plan(3)).extracting(RepetitionsTest::describe).containsExactly(
                "1 100B-1p stage0-naive", "1 100B-1p stage1-batching", "1 100B-1p stage2-pipeline",
                "1 1KB-4p stage0-naive", "1 1KB-4p stage1-batching", "1 1KB-4p stage2-pipeline",
                "2 100B-1p stage2-pipeline", "2 100B-1p stage1-batching", "2 100B-1p stage0-naive",
                "2 1KB-4p stage2-pipeline", "2 1KB-4p stage1-batching", "2 1KB-4p stage0-naive",
                "3 100B-1p stage0-naive", "3 100B-1p stage1-batching", "3 100B-1p stage2-pipeline",
                "3 1KB-4p stage0-naive", "3 1KB-4p stage1-batching", "3 1KB-4p stage2-pipeline");
    }

    @Test
    void aSweepsCombinationsRunInsideEachStageOfEachRepetition() {
        List<RunPlan.Cell> plan = RunPlan.of(2, List.of(SMALL), List.of(STAGE1),
                stage -> List.of(Map.of("batch.size", "1024"), Map.of("batch.size", "16384")));
        assertThat(plan).extracting(cell -> cell.repetition() + " " + cell.sweep().get("batch.size"))
                .containsExactly("1 1024", "1 16384", "2 1024", "2 16384");
        assertThat(plan.get(3).label()).isEqualTo("rep 2/2 100B-1p stage1-batching batch.size=16384");
    }

    /**
     * Three repetitions in which stage 0 and stage 1 both drift, differently: per repetition
     * stage 1 is 3x, 8x, 3x stage 0, so the median of the ratios is 3x; the ratio of the medians
     * (1,200 / 200) would be 6x, a gain no repetition measured.
     */
    @Test
    void theTablesShowTheMedianOfTheRatiosWithinEachRepetition() {
        double[] stage0 = {100, 200, 400};
        double[] stage1 = {300, 1_600, 1_200};
        List<StageResult> results = new ArrayList<>();
        for (RunPlan.Cell cell : RunPlan.of(3, List.of(SMALL), List.of(STAGE0, STAGE1), stage -> List.of(Map.of()))) {
            double[] produce = cell.stage() == STAGE0 ? stage0 : stage1;
            results.add(TestResults.stage(cell.stage().name(), cell.stage().number(), cell.repetition(), SMALL,
                    produce[cell.repetition() - 1], 1_000));
        }

        ResultsTable throughput = ResultsTable.of(results, false).get(0);

        assertThat(throughput.rows()).hasSize(2);
        assertThat(throughput.rows().get(0).subList(0, 6)).containsExactly(
                "stage0-naive", "100B-1p", "200 (100..400)", "0.0200 (0.0100..0.0400)", "1.00x", "-");
        assertThat(throughput.rows().get(1).subList(0, 6)).containsExactly(
                "stage1-batching", "100B-1p", "1,200 (300..1,600)", "0.120 (0.0300..0.160)", "3.00x (3.00x..8.00x)",
                "3.00x (3.00x..8.00x)");
        assertThat(throughput.toCsv().lines().skip(2).findFirst().orElseThrow())
                .startsWith("stage1-batching,100B-1p,1200,300,1600,0.12,0.03,0.16,3,3,8,3,3,8,");
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(Spread.of(4, 1, 3, 100)).isEqualTo(new Spread(3.5, 1, 100, 4));
        assertThat(Spread.of(2, Double.NaN, 1)).as("a repetition without the figure is left out")
                .isEqualTo(new Spread(1.5, 1, 2, 2));
    }
}
