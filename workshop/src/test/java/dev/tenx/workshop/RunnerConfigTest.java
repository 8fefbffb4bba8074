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
        assertThat(config.recordSize()).isEqualTo(100);
        assertThat(config.producers()).isEqualTo(1);
        assertThat(config.warmupMs()).isEqualTo(3_000);
        assertThat(config.durationMs()).isEqualTo(10_000);
        assertThat(config.stages()).isEmpty();
        assertThat(config.windowRecords()).isEqualTo(5_000);
        assertThat(config.brokerJvmArgs()).containsExactly("-Xms1g", "-Xmx1g");
        assertThat(config.rttMs()).containsExactly(0.0, 1.0);
        assertThat(config.sweep().isEmpty()).isTrue();
    }

    @Test
    void rttIsACommaListOfNonNegativeMilliseconds() {
        assertThat(new RunnerConfig(Map.of(RunnerConfig.RTT_MS, " 0.5, 0 ,2,")).rttMs()).containsExactly(0.5, 0.0, 2.0);
        assertThat(new RunnerConfig(Map.of(RunnerConfig.RTT_MS, "0")).rttMs()).containsExactly(0.0);
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
        assertThat(new RunnerConfig(Map.of(RunnerConfig.RECORD_SIZE, oneMiB)).windowRecords())
                .isEqualTo(64);
        assertThat(new RunnerConfig(Map.of(RunnerConfig.RECORD_SIZE, oneMiB,
                RunnerConfig.MAX_UNACKED_BYTES, 1L)).windowRecords()).isEqualTo(1);
        assertThat(new RunnerConfig(Map.of(RunnerConfig.RECORD_SIZE, 0)).windowRecords())
                .isEqualTo(5_000);
    }
}
