package dev.tenx.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenx.common.spi.Stage;
import dev.tenx.common.spi.Stages;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Peers run after the stages, each once, and stand outside the stages' "vs prev" chain. */
class PeersTest {

    @Test
    void peersRunAfterTheSelectedStagesWhenAskedAndNotOtherwise() {
        List<Stage> stages = List.of(Stages.byName("stage0"), Stages.byName("stage1"));

        assertThat(Peers.besides(stages, false)).extracting(Stage::name)
                .containsExactly("stage0-naive", "stage1-batching");
        assertThat(Peers.besides(stages, true)).extracting(Stage::name)
                .containsExactly("stage0-naive", "stage1-batching", "kafka-same-promise", "kafka-defaults");
    }

    @Test
    void aPeerSelectedByNameRunsOnce() {
        List<Stage> selected = List.of(Stages.byName("kafka-defaults"));

        assertThat(Peers.besides(selected, true)).extracting(Stage::name)
                .containsExactly("kafka-defaults", "kafka-same-promise");
    }

    @Test
    void aPeerIsComparedWithStage0ButIsNobodysPrevious() {
        List<Comparison> comparisons = Comparison.of(List.of(
                TestResults.stage("stage0-naive", 0, 1_000, 2_000),
                TestResults.stage("stage1-batching", 1, 10_000, 4_000),
                TestResults.stage("kafka same promise", Stage.PEER_NUMBER, 40_000, 80_000),
                TestResults.stage("stage2-pipelining", 2, 20_000, 8_000)));

        Comparison peer = comparisons.get(2);
        assertThat(peer.produceVsStage0()).isEqualTo(40.0);
        assertThat(peer.produceVsPrevious()).as("a peer's vs prev").isNaN();
        assertThat(comparisons.get(3).produceVsPrevious()).as("stage 2's previous is stage 1, not the peer")
                .isEqualTo(2.0);
    }
}
