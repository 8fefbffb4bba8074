package dev.tenx.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The service-time counters: every bound is above the times its bucket holds and within a
 * quarter of them, a snapshot's buckets are cumulative, and two snapshots give the mean and the
 * percentile of the window between them, not of the whole run.
 */
class ServiceTimesTest {

    private static final String NAME = "produce.service";

    private final ServiceTimes times = new ServiceTimes(NAME);

    @Test
    void everyTimeFallsUnderItsBucketsBoundAndAtOrAboveThePreviousOne() {
        for (long micros = 0; micros < (1 << 21); micros += 1 + micros / 64) {
            int bucket = ServiceTimes.bucketOf(micros);
            assertThat(micros).as("time %d us, under its bucket's bound", micros)
                    .isLessThan(ServiceTimes.boundMicros(bucket));
            if (bucket > 0) {
                long below = ServiceTimes.boundMicros(bucket - 1);
                assertThat(micros).as("time %d us, at or above the previous bound", micros).isGreaterThanOrEqualTo(below);
                assertThat(ServiceTimes.boundMicros(bucket)).as("bound of a bucket above %d us: within a quarter", below)
                        .isLessThanOrEqualTo(below + below / 4);
            }
        }
    }

    @Test
    void theBoundsRiseFromSixteenMicrosecondsToAboutThirtyThreeSeconds() {
        assertThat(ServiceTimes.boundMicros(0)).isEqualTo(16);
        assertThat(ServiceTimes.boundMicros(1)).isEqualTo(20);
        assertThat(ServiceTimes.boundMicros(ServiceTimes.buckets() - 1)).isEqualTo(1L << 25);
    }

    @Test
    void aSnapshotCountsSumsAndCumulatesTheBuckets() {
        times.record(micros(10));
        times.record(micros(1_000));
        times.record(micros(3_000));

        Map<String, Long> snapshot = snapshot();

        assertThat(snapshot).containsEntry("produce.service.count", 3L)
                .containsEntry("produce.service.nanos", micros(10 + 1_000 + 3_000))
                .containsEntry("produce.service.under.16us", 1L)
                .containsEntry("produce.service.under.896us", 1L)
                .containsEntry("produce.service.under.1024us", 2L)
                .containsEntry("produce.service.under.2560us", 2L)
                .containsEntry("produce.service.under.3072us", 3L)
                .containsEntry("produce.service.under.33554432us", 3L);
    }

    @Test
    void meanAndPercentileAreThoseOfTheWindowBetweenTwoSnapshots() {
        for (int i = 0; i < 1_000; i++) {
            times.record(micros(50_000)); // a slow warm-up, before the window
        }
        Map<String, Long> start = snapshot();
        for (int i = 0; i < 99; i++) {
            times.record(micros(2_000));
        }
        times.record(micros(9_000));
        Map<String, Long> end = snapshot();

        assertThat(ServiceTimes.meanMicros(NAME, start, end)).as("mean of the window").isEqualTo(2_070.0);
        assertThat(ServiceTimes.percentileMicros(NAME, start, end, 0.99)).as("p99 of the window: 99 of 100 under")
                .isEqualTo(2_048.0);
        assertThat(ServiceTimes.percentileMicros(NAME, start, end, 1.0)).as("the maximum's bucket")
                .isEqualTo(10_240.0);
    }

    @Test
    void anEmptyWindowHasNoMeanAndNoPercentile() {
        Map<String, Long> start = snapshot();

        assertThat(ServiceTimes.meanMicros(NAME, start, snapshot())).isNaN();
        assertThat(ServiceTimes.percentileMicros(NAME, start, snapshot(), 0.99)).isNaN();
    }

    @Test
    void aTimeBeyondTheLastBoundCountsInTheSumAndCountAndItsPercentileIsInfinite() {
        Map<String, Long> start = snapshot();
        times.record(TimeUnit.SECONDS.toNanos(60));

        Map<String, Long> end = snapshot();

        assertThat(end).containsEntry("produce.service.count", 1L).containsEntry("produce.service.under.33554432us", 0L);
        assertThat(ServiceTimes.percentileMicros(NAME, start, end, 0.99)).isInfinite();
    }

    @Test
    void misuseThrowsNamingTheValue() {
        assertThatThrownBy(() -> times.record(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("elapsedNanos=-1");
        assertThatThrownBy(() -> ServiceTimes.percentileMicros(NAME, snapshot(), snapshot(), 99))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("quantile=99");
        assertThatThrownBy(() -> ServiceTimes.meanMicros("fetch.service", snapshot(), snapshot()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key=fetch.service.count");
    }

    private Map<String, Long> snapshot() {
        Map<String, Long> out = new LinkedHashMap<>();
        times.snapshotInto(out);
        return out;
    }

    private static long micros(long micros) {
        return TimeUnit.MICROSECONDS.toNanos(micros);
    }
}
