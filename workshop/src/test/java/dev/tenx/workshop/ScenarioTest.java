package dev.tenx.workshop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenx.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ScenarioTest {

    @Test
    void aNameSaysItsSizeProducersAndRoundTrip() {
        assertThat(Scenario.of(100, 1, 0).name()).isEqualTo("100B-1p");
        assertThat(Scenario.of(100, 1, 1).name()).isEqualTo("100B-1p-rtt1");
        assertThat(Scenario.of(1_000, 4, 0.5).name()).isEqualTo("1KB-4p-rtt0.5");
        assertThat(Scenario.of(1_024, 2, 0).name()).as("not a whole number of KB").isEqualTo("1024B-2p");
        assertThat(Scenario.of(2_000_000, 1, 0).name()).isEqualTo("2MB-1p");
        assertThat(Scenario.of(0, 1, 0).name()).isEqualTo("0B-1p");
    }

    @Test
    void namesParseToTheirKeysAndBackToTheSameName() {
        assertThat(Scenario.parseList("scenarios", "100B-1p, 1KB-4p,100B-1p-rtt1"))
                .containsExactly(Scenario.of(100, 1, 0), Scenario.of(1_000, 4, 0), Scenario.of(100, 1, 1));
        assertThat(Scenario.parseList("scenarios", "1000B-1p-rtt0")).extracting(Scenario::name)
                .as("written the way of() names it").containsExactly("1KB-1p");
    }

    @Test
    void aBadNameFailsNamingTheKeyAndWhatIsWrong() {
        assertThatThrownBy(() -> Scenario.parseList("scenarios", "100-1p"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("scenarios=100-1p: 100-1p is not <size>-<producers>p[-rtt<ms>]");
        assertThatThrownBy(() -> Scenario.parseList("scenarios", "100B-0p"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("scenarios=100B-0p: 100B-0p has producers 0; it must be between 1 and 256");
        assertThatThrownBy(() -> Scenario.parseList("scenarios", "100B-1p-rtt2000"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("scenarios=100B-1p-rtt2000: 100B-1p-rtt2000 has rtt 2000; it must be between 0 and 1000");
        assertThatThrownBy(() -> Scenario.parseList("scenarios", "100B-1p,100B-1p-rtt0"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("scenarios=100B-1p,100B-1p-rtt0: 100B-1p is listed twice");
        assertThatThrownBy(() -> Scenario.parseList("scenarios", " , "))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("scenarios= , : needs at least one scenario");
    }
}
