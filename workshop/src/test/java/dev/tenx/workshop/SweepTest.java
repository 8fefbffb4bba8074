package dev.tenx.workshop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenx.common.config.ConfigException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SweepTest {

    @Test
    void parsesKeysAndValuesInOrder() {
        Sweep sweep = Sweep.parse("sweep", " batch.size = 1024, 16384 ;linger.ms=0,5,50; ");
        assertThat(sweep.values()).containsExactly(
                Map.entry("batch.size", List.of("1024", "16384")),
                Map.entry("linger.ms", List.of("0", "5", "50")));
    }

    @Test
    void blankIsNoSweep() {
        assertThat(Sweep.parse("sweep", "").isEmpty()).isTrue();
        assertThat(Sweep.parse("sweep", " ; ")).isEqualTo(Sweep.NONE);
        assertThat(Sweep.NONE.combinations(Set.of("batch.size"))).containsExactly(Map.of());
    }

    @Test
    void combinationsAreTheCrossProductFirstKeySlowest() {
        Sweep sweep = Sweep.parse("sweep", "batch.size=1024,16384;linger.ms=0,5");
        assertThat(sweep.combinations(Set.of("batch.size", "linger.ms", "acks"))).containsExactly(
                Map.of("batch.size", "1024", "linger.ms", "0"),
                Map.of("batch.size", "1024", "linger.ms", "5"),
                Map.of("batch.size", "16384", "linger.ms", "0"),
                Map.of("batch.size", "16384", "linger.ms", "5"));
        assertThat(sweep.combinations(Set.of("batch.size", "linger.ms")).get(1).keySet())
                .containsExactly("batch.size", "linger.ms");
    }

    @Test
    void onlyTheKeysAStageDefinesAreCombined() {
        Sweep sweep = Sweep.parse("sweep", "batch.size=1024,16384;max.in.flight.requests.per.connection=1,5");
        assertThat(sweep.combinations(Set.of("max.in.flight.requests.per.connection"))).containsExactly(
                Map.of("max.in.flight.requests.per.connection", "1"),
                Map.of("max.in.flight.requests.per.connection", "5"));
        assertThat(sweep.combinations(Set.of("record.size"))).containsExactly(Map.of());
    }

    @Test
    void malformedSweepsFailWithTheWholeValue() {
        assertThatThrownBy(() -> Sweep.parse("sweep", "batch.size"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("sweep=batch.size: expected key=v1,v2;key=v1,v2, got 'batch.size'");
        assertThatThrownBy(() -> Sweep.parse("sweep", "=1,2"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("sweep==1,2: expected key=v1,v2");
        assertThatThrownBy(() -> Sweep.parse("sweep", "linger.ms=,"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("sweep=linger.ms=,: key=linger.ms has no value");
        assertThatThrownBy(() -> Sweep.parse("sweep", "linger.ms=0;linger.ms=5"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("sweep=linger.ms=0;linger.ms=5: key=linger.ms is swept twice");
        assertThatThrownBy(() -> Sweep.parse("sweep", "linger.ms=0,5,0"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("sweep=linger.ms=0,5,0: linger.ms=0 is listed twice");
    }
}
