package dev.tenx.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenx.common.spi.Stages;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The comparison's own measurement of what recording costs: which run it repeats, and what it prints. */
class ProfileOverheadInRunTest {

    private static final Scenario ONE_KB_FOUR_PRODUCERS = Scenario.of(1_000, 4, 0);

    @Test
    void theRunRepeatedWithoutRecordingIsTheLastStageThatIsNotAPeerInTheFirstScenario() {
        List<RunPlan.Cell> plan = List.of(
                cell(1, TestResults.ONE_PRODUCER, "stage0"), cell(1, TestResults.ONE_PRODUCER, "stage4"),
                cell(1, TestResults.ONE_PRODUCER, "kafka-defaults"), cell(1, ONE_KB_FOUR_PRODUCERS, "stage6"),
                cell(2, TestResults.ONE_PRODUCER, "stage6"));

        RunPlan.Cell chosen = ProfileOverhead.unprofiledCell(plan);

        assertThat(chosen.stage().name()).isEqualTo("stage4-sequential-io");
        assertThat(chosen.scenario()).isEqualTo(TestResults.ONE_PRODUCER);
        assertThat(chosen.repetition()).isEqualTo(1);
    }

    @Test
    void itIsPrintedBesideTheSameRunRecordedAsOnOverOff() {
        List<StageResult> recorded = List.of(TestResults.stage("stage0-naive", 0, 800, 4_000),
                TestResults.stage("stage4-sequential-io", 4, 900, 40_000));
        StageResult unprofiled = TestResults.stage("stage4-sequential-io", 4, 1_000, 40_000);

        String table = ProfileOverhead.inRun(recorded, unprofiled).toMarkdown();

        assertThat(table).contains("measured in this run")
                .contains("| stage4-sequential-io | 100B-1p | 1,000 | 900 | 0.900x |")
                .doesNotContain("stage0-naive");
    }

    private static RunPlan.Cell cell(int repetition, Scenario scenario, String stage) {
        return new RunPlan.Cell(repetition, 2, scenario, Stages.byName(stage), Map.of());
    }
}
