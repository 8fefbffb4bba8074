package dev.tenx.workshop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenx.common.config.ConfigException;
import dev.tenx.common.spi.Stage;
import dev.tenx.common.spi.Stages;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The overload scenario as part of the comparison ({@code overload=true}): which stages it runs
 * on, that its keys are taken only when it runs, and that a bad value fails before anything starts.
 */
class OverloadInComparisonTest {

    private static final List<Stage> ALL = Peers.besides(Stages.all(), true);

    @Test
    void byDefaultTheLastTwoSelectedStagesThatAreNotPeers() {
        OverloadConfig defaults = settings(Map.of("overload", "true")).overload();

        assertThat(ComparisonRunner.overloaded(ALL, defaults)).extracting(Stage::name)
                .containsExactly("stage5-zerocopy", "stage6-backpressure");
        assertThat(ComparisonRunner.overloaded(List.of(Stages.byName("stage2")), defaults)).extracting(Stage::name)
                .as("one stage selected: that one").containsExactly("stage2-pipeline");
    }

    @Test
    void overloadStagesNamesOthers() {
        OverloadConfig named = settings(Map.of("overload", "true", "overload.stages", "stage4,stage6")).overload();

        assertThat(ComparisonRunner.overloaded(ALL, named)).extracting(Stage::name)
                .containsExactly("stage4-sequential-io", "stage6-backpressure");
    }

    @Test
    void onlyPeersSelectedAndNoneNamedFailsSayingSo() {
        OverloadConfig defaults = settings(Map.of("overload", "true")).overload();

        assertThatThrownBy(() -> ComparisonRunner.overloaded(Stages.peers(), defaults))
                .isInstanceOf(ConfigException.class).hasMessageContaining("overload=true")
                .hasMessageContaining(OverloadConfig.STAGES);
    }

    @Test
    void itsKeysGoToTheScenarioWithTheRunnersOutputDir() {
        RunSettings settings = RunSettings.of(Map.of("overload", "true", "overload.duration.ms", "3000"),
                List.of("overload.rate=400000", "output.dir=/tmp/report-out"), ALL);

        assertThat(settings.runner().overload()).isTrue();
        assertThat(settings.overload().getLong(OverloadConfig.DURATION_MS)).isEqualTo(3_000);
        assertThat(settings.overload().getLong(OverloadConfig.RATE)).as("an argument, as plain java gives it")
                .isEqualTo(400_000);
        assertThat(settings.overload().getString(OverloadConfig.OUTPUT_DIR)).isEqualTo("/tmp/report-out");
        assertThat(settings.stageOverrides()).as("not a stage key").isEmpty();
    }

    @Test
    void itsKeysWithoutTheScenarioFailTheRunSayingHowToRunIt() {
        assertThatThrownBy(() -> settings(Map.of("overload.rate", "400000")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("overload.rate=400000").hasMessageContaining("-Doverload=true");
        assertThatThrownBy(() -> RunSettings.of(Map.of(), List.of("overload.rate=400000"), ALL))
                .isInstanceOf(ConfigException.class).hasMessageContaining("overload=false");
    }

    @Test
    void aBadValueFailsBeforeAnyBrokerStarts() {
        assertThatThrownBy(() -> settings(Map.of("overload", "true", "overload.producers", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(OverloadConfig.PRODUCERS);
    }

    @Test
    void offItHasNoSettings() {
        assertThat(settings(Map.of()).overload()).isNull();
        assertThat(settings(Map.of()).runner().overload()).as("the default").isFalse();
    }

    private static RunSettings settings(Map<String, String> systemProperties) {
        return RunSettings.of(systemProperties, List.of(), ALL);
    }
}
