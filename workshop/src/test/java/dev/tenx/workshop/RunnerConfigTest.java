package dev.tenx.workshop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenx.common.config.ConfigException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunnerConfigTest {

    @Test
    void defaults() {
        RunnerConfig config = new RunnerConfig(Map.of());
        assertThat(config.scenarios()).containsExactly(
                Scenario.of(100, 1, 0), Scenario.of(100, 1, 1), Scenario.of(1_000, 4, 0));
        assertThat(config.scenarios()).extracting(Scenario::name).containsExactly("100B-1p", "100B-1p-rtt1", "1KB-4p");
        assertThat(config.repeats()).isEqualTo(1);
        assertThat(config.warmupMs()).isEqualTo(2_000);
        assertThat(config.durationMs()).isEqualTo(5_000);
        assertThat(config.latencyMs()).isEqualTo(3_000);
        assertThat(config.latencyRate()).isEqualTo("50%");
        assertThat(config.replayMs()).isEqualTo(3_000);
        assertThat(config.replay()).isTrue();
        assertThat(config.stages()).isEmpty();
        assertThat(config.windowRecords(100)).isEqualTo(5_000);
        assertThat(config.brokerJvmArgs()).containsExactly("-Xms1g", "-Xmx1g");
        assertThat(config.clientJvmArgs()).containsExactly("-Xms1g", "-Xmx1g");
        assertThat(config.sweep().isEmpty()).isTrue();
    }

    @Test
    void anyScenarioKeyMakesOneScenarioPerRttFromTheKeys() {
        assertThat(new RunnerConfig(Map.of(RunnerConfig.RECORD_SIZE, "1000")).scenarios()).extracting(Scenario::name)
                .as("the other two keys at their defaults: 1 producer, rtt.ms=0,1").containsExactly("1KB-1p", "1KB-1p-rtt1");
        assertThat(new RunnerConfig(Map.of(RunnerConfig.RTT_MS, " 0.5, 0 ,2,", RunnerConfig.PRODUCERS, "4")).scenarios())
                .containsExactly(Scenario.of(100, 4, 0.5), Scenario.of(100, 4, 0), Scenario.of(100, 4, 2));
    }

    @Test
    void scenariosAndScenarioKeysCannotBothBeSet() {
        assertThatThrownBy(() -> new RunnerConfig(Map.of(RunnerConfig.SCENARIOS, "1KB-4p", RunnerConfig.RTT_MS, "0",
                RunnerConfig.PRODUCERS, "2")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("scenarios=1KB-4p and [producers, rtt.ms] are both set: a scenario's name gives its record"
                        + " size, producers and rtt (1KB-4p-rtt1); set one or the other");
    }

    @Test
    void scenariosAreChosenByName() {
        assertThat(new RunnerConfig(Map.of(RunnerConfig.SCENARIOS, "1KB-4p, 100B-1p-rtt10")).scenarios())
                .containsExactly(Scenario.of(1_000, 4, 0), Scenario.of(100, 1, 10));
        assertThatThrownBy(() -> new RunnerConfig(Map.of(RunnerConfig.SCENARIOS, "100B-1p,1kb-4p")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("scenarios=100B-1p,1kb-4p: 1kb-4p is not <size>-<producers>p[-rtt<ms>]");
    }

    @Test
    void repeatsAreAtLeastOne() {
        assertThat(new RunnerConfig(Map.of(RunnerConfig.REPEATS, "3")).repeats()).isEqualTo(3);
        assertThatThrownBy(() -> new RunnerConfig(Map.of(RunnerConfig.REPEATS, "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("repeats=0: must be between 1 and 100");
        assertThat(new RunnerConfig(Map.of(RunnerConfig.REPLAY, "false")).replay()).isFalse();
    }

    @Test
    void invalidRttsFailNamingKeyAndValue() {
        assertThatThrownBy(() -> new RunnerConfig(Map.of(RunnerConfig.RTT_MS, "0,-1")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("rtt.ms=0,-1: -1 must be between 0 and 1000");
        assertThatThrownBy(() -> new RunnerConfig(Map.of(RunnerConfig.RTT_MS, "1ms")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("rtt.ms=1ms: 1ms is not a number of milliseconds");
        assertThatThrownBy(() -> new RunnerConfig(Map.of(RunnerConfig.RTT_MS, "NaN")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("rtt.ms=NaN: NaN is not a number of milliseconds");
        assertThatThrownBy(() -> new RunnerConfig(Map.of(RunnerConfig.RTT_MS, "1,1.0")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("rtt.ms=1,1.0: 1.0 is listed twice");
        assertThatThrownBy(() -> new RunnerConfig(Map.of(RunnerConfig.RTT_MS, " , ")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("rtt.ms=,: needs at least one value");
    }

    @Test
    void sweepIsParsedAndCheckedForSyntax() {
        assertThat(new RunnerConfig(Map.of(RunnerConfig.SWEEP, "linger.ms=0,5")).sweep().values())
                .containsExactly(Map.entry("linger.ms", List.of("0", "5")));
        assertThatThrownBy(() -> new RunnerConfig(Map.of(RunnerConfig.SWEEP, "linger.ms")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("sweep=linger.ms: expected key=v1,v2");
    }

    @Test
    void invalidValuesFailNamingKeyAndValue() {
        assertThatThrownBy(() -> new RunnerConfig(Map.of(RunnerConfig.RECORD_SIZE, "-1")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("record.size=-1: must be between 0 and 67108864");
        assertThatThrownBy(() -> new RunnerConfig(Map.of(RunnerConfig.PRODUCERS, "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("producers=0");
        assertThatThrownBy(() -> new RunnerConfig(Map.of(RunnerConfig.DURATION_MS, "ten")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("duration.ms=ten: not a valid long");
    }

    @Test
    void stagesAreACommaList() {
        assertThat(new RunnerConfig(Map.of(RunnerConfig.STAGES, " stage0 , 3,")).stages())
                .containsExactly("stage0", "3");
    }

    @Test
    void windowIsTheSmallerOfRecordsAndBytesButAtLeastOne() {
        int oneMiB = 1024 * 1024;
        assertThat(new RunnerConfig(Map.of()).windowRecords(1_000)).as("1 MiB of 1 KB records").isEqualTo(1_048);
        assertThat(new RunnerConfig(Map.of(RunnerConfig.MAX_UNACKED_BYTES, 64L * oneMiB)).windowRecords(oneMiB))
                .isEqualTo(64);
        assertThat(new RunnerConfig(Map.of(RunnerConfig.MAX_UNACKED_BYTES, 1L)).windowRecords(oneMiB)).isEqualTo(1);
        assertThat(new RunnerConfig(Map.of()).windowRecords(0)).isEqualTo(5_000);
    }
}
