package dev.tenx.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComparisonTest {

    private static final Scenario RTT1 = Scenario.of(100, 1, 1);

    @Test
    void ratiosToStage0AndToThePreviousStage() {
        List<Comparison> c = Comparison.of(List.of(
                TestResults.stage("stage0-naive", 0, 1_000, 2_000),
                TestResults.stage("stage1-batching", 1, 10_000, 4_000),
                TestResults.stage("stage2-pipelining", 2, 40_000, 40_000)));

        assertThat(c.get(0).produceVsStage0()).isEqualTo(1.0);
        assertThat(c.get(0).produceVsPrevious()).isNaN();
        assertThat(c.get(1).produceVsStage0()).isEqualTo(10.0);
        assertThat(c.get(1).replayVsPrevious()).isEqualTo(2.0);
        assertThat(c.get(2).produceVsStage0()).isEqualTo(40.0);
        assertThat(c.get(2).produceVsPrevious()).isEqualTo(4.0);
        assertThat(c.get(2).replayVsStage0()).isEqualTo(20.0);
    }

    @Test
    void withoutStage0ThereIsNoStage0Ratio() {
        List<Comparison> c = Comparison.of(List.of(
                TestResults.stage("stage2-pipelining", 2, 40_000, 40_000),
                TestResults.stage("stage3-binary", 3, 80_000, 40_000)));
        assertThat(c.get(1).produceVsStage0()).isNaN();
        assertThat(c.get(1).produceVsPrevious()).isEqualTo(2.0);
    }

    @Test
    void ratiosCompareRunsOfTheSameScenarioOnly() {
        List<Comparison> c = Comparison.of(List.of(
                TestResults.stage("stage0-naive", 0, 1, TestResults.ONE_PRODUCER, 1_000, 2_000),
                TestResults.stage("stage1-batching", 1, 1, TestResults.ONE_PRODUCER, 10_000, 4_000),
                TestResults.stage("stage0-naive", 0, 1, RTT1, 500, 250),
                TestResults.stage("stage1-batching", 1, 1, RTT1, 20_000, 1_000)));

        assertThat(c.get(2).scenario()).isEqualTo("100B-1p-rtt1");
        assertThat(c.get(2).produceVsStage0()).as("stage0 at rtt1 against itself").isEqualTo(1.0);
        assertThat(c.get(2).produceVsPrevious()).as("first row of its scenario: stage1 of 100B-1p is not its previous").isNaN();
        assertThat(c.get(3).produceVsStage0()).isEqualTo(40.0);
        assertThat(c.get(3).produceVsPrevious()).isEqualTo(40.0);
        assertThat(c.get(3).replayVsStage0()).isEqualTo(4.0);
        assertThat(c.get(1).produceVsStage0()).isEqualTo(10.0);
    }

    @Test
    void ratiosCompareRunsOfTheSameRepetitionOnly() {
        List<Comparison> c = Comparison.of(List.of(
                TestResults.stage("stage0-naive", 0, 1, TestResults.ONE_PRODUCER, 1_000, 1),
                TestResults.stage("stage1-batching", 1, 1, TestResults.ONE_PRODUCER, 10_000, 1),
                TestResults.stage("stage0-naive", 0, 2, TestResults.ONE_PRODUCER, 2_000, 1),
                TestResults.stage("stage1-batching", 1, 2, TestResults.ONE_PRODUCER, 10_000, 1)));

        assertThat(c.get(1).produceVsStage0()).isEqualTo(10.0);
        assertThat(c.get(3).repetition()).isEqualTo(2);
        assertThat(c.get(3).produceVsStage0()).as("against repetition 2's stage0, not repetition 1's").isEqualTo(5.0);
        assertThat(c.get(3).produceVsPrevious()).isEqualTo(5.0);
    }

    @Test
    void previousIsTheStageNumberedBelowWhateverOrderTheyRanIn() {
        List<Comparison> c = Comparison.of(List.of(
                TestResults.stage("stage2-pipelining", 2, 40_000, 40_000),
                TestResults.stage("stage1-batching", 1, 10_000, 4_000),
                TestResults.stage("stage0-naive", 0, 1_000, 2_000)));

        assertThat(c.get(0).produceVsPrevious()).as("stage2 against stage1, which ran after it").isEqualTo(4.0);
        assertThat(c.get(1).produceVsPrevious()).as("stage1 against stage0").isEqualTo(10.0);
        assertThat(c.get(2).produceVsPrevious()).as("stage0 has no previous, though stage1 ran before it").isNaN();
    }

    @Test
    void aSkippedReplayHasNoRatio() {
        List<Comparison> c = Comparison.of(List.of(
                TestResults.stage("stage0-naive", 0, 1_000, 2_000),
                TestResults.swept("stage1-batching", 1, TestResults.ONE_PRODUCER, Map.of(), 10_000)));
        assertThat(c.get(1).replayVsStage0()).isNaN();
        assertThat(c.get(1).produceVsStage0()).isEqualTo(10.0);
    }
}
