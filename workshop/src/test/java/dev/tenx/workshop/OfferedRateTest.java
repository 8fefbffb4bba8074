package dev.tenx.workshop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenx.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class OfferedRateTest {

    @Test
    void aShareOfCapacityOrAFixedRate() {
        assertThat(OfferedRate.parse("latency.rate", "50%").offered(30_000)).isEqualTo(15_000.0);
        assertThat(OfferedRate.parse("latency.rate", " 100 % ").offered(900)).isEqualTo(900.0);
        assertThat(OfferedRate.parse("latency.rate", "5000").offered(900)).as("whatever the capacity").isEqualTo(5_000.0);
        assertThat(OfferedRate.parse("latency.rate", "50%").offered(Double.NaN)).isNaN();
    }

    @Test
    void anythingElseFailsNamingTheKey() {
        assertThatThrownBy(() -> OfferedRate.parse("latency.rate", "half"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("latency.rate=half: expected a share of capacity such as 50%");
        assertThatThrownBy(() -> OfferedRate.parse("latency.rate", "150%"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("latency.rate=150%: must be above 0 and at most 100%");
        assertThatThrownBy(() -> OfferedRate.parse("latency.rate", "0"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("latency.rate=0: must be above 0");
    }
}
