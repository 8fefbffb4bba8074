package dev.tenx.workshop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RatesTest {

    private static final long ONE_SECOND_NANOS = 1_000_000_000L;

    @Test
    void perRecordDividesAndIsNaNWithoutRecords() {
        assertThat(Rates.perRecord(3_000, 1_000)).isEqualTo(3.0);
        assertThat(Rates.perRecord(5, 0)).isNaN();
    }

    @Test
    void perSecondScalesNanosToSeconds() {
        assertThat(Rates.perSecond(1_500, ONE_SECOND_NANOS / 2)).isEqualTo(3_000.0);
        assertThat(Rates.perSecond(1, 0)).isNaN();
    }

    @Test
    void megabytesAreDecimal() {
        assertThat(Rates.megabytesPerSecond(2_000_000, ONE_SECOND_NANOS)).isEqualTo(2.0);
    }

    @Test
    void bytesPerCallIsNaNWithoutCalls() {
        assertThat(Rates.bytesPerCall(4_096, 2)).isEqualTo(2_048.0);
        assertThat(Rates.bytesPerCall(0, 0)).isNaN();
    }

    @Test
    void microsPerRecordAndMillis() {
        assertThat(Rates.microsPerRecord(2_000_000, 1_000)).isEqualTo(2.0);
        assertThat(Rates.millis(1_500_000)).isEqualTo(1.5);
    }

    @Test
    void ratioIsNaNWhenEitherSideIsMissingOrZero() {
        assertThat(Rates.ratio(30, 10)).isCloseTo(3.0, within(1e-12));
        assertThat(Rates.ratio(30, 0)).isNaN();
        assertThat(Rates.ratio(Double.NaN, 10)).isNaN();
        assertThat(Rates.ratio(30, Double.NaN)).isNaN();
    }
}
