package dev.tenx.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CalibrationTest {

    private static final int FEW = 50;

    /** HdrHistogram's nearest rank, reported as its bucket's upper end: within 0.1% above the sample. */
    private static final Offset<Double> ONE_BUCKET = Offset.offset(0.001);

    @Test
    void percentilesAreHdrHistogramsNearestRank() {
        long[] nanos = new long[100];
        for (int i = 0; i < nanos.length; i++) {
            nanos[nanos.length - 1 - i] = (i + 1) * 1_000L; // 1 us .. 100 us, in reverse
        }
        Calibration.Percentiles p = Calibration.Percentiles.of(nanos);
        assertThat(p.samples()).isEqualTo(100);
        assertThat(p.p50Micros() / 50.0).isCloseTo(1.0, ONE_BUCKET).isGreaterThanOrEqualTo(1.0);
        assertThat(p.p99Micros() / 99.0).isCloseTo(1.0, ONE_BUCKET).isGreaterThanOrEqualTo(1.0);
        assertThat(Calibration.Percentiles.of(new long[] {7_000}).p99Micros() / 7.0).isCloseTo(1.0, ONE_BUCKET);
    }

    @Test
    void calibrationAndLoadLatenciesShareOneDefinitionOfAPercentile() {
        long[] nanos = {1_000_000, 2_000_000, 3_000_000, 40_000_000};
        Calibration.Percentiles calibration = Calibration.Percentiles.of(nanos);
        StageResult.Latency latency = StageResult.Latency.of(Histograms.of(nanos));
        assertThat(calibration.p50Micros() / 1_000).isEqualTo(latency.p50Ms());
        assertThat(calibration.p99Micros() / 1_000).isEqualTo(latency.p99Ms());
    }

    @Test
    void theRoundTripThroughTheDelayProxyIsNeverLessThanTheOneItAdds() throws IOException, InterruptedException {
        double rttMs = 2;
        Calibration.DelayProxyRoundTrip p = Calibration.measureDelayProxy(rttMs, FEW / 10, FEW);
        assertThat(p.label()).isEqualTo("round trip through the delay proxy, rtt.ms=2");
        assertThat(p.roundTrip().samples()).isEqualTo(FEW);
        assertThat(p.roundTrip().p50Micros()).isGreaterThanOrEqualTo(rttMs * 1_000);
        assertThat(Thread.getAllStackTraces().keySet())
                .as("the proxy is closed with the measurement")
                .noneMatch(t -> t.getName().startsWith("delay-proxy-") && t.isAlive());
    }

    @Test
    void labelsAreRecognised() {
        assertThat(Calibration.isLabel(Calibration.FSYNC_LABEL)).isTrue();
        assertThat(Calibration.isLabel(Calibration.DELAY_PROXY_LABEL + "0.5")).isTrue();
        assertThat(Calibration.isLabel("stage0-naive")).isFalse();
    }

    @Test
    void measuresBothAndLeavesNoFileBehind(@TempDir Path dir) throws IOException, InterruptedException {
        Calibration c = Calibration.measure(dir, FEW, FEW, FEW / 10, FEW);

        for (Calibration.Percentiles p : new Calibration.Percentiles[] {c.loopbackRoundTrip(), c.fsyncAfter4KbWrite()}) {
            assertThat(p.samples()).isEqualTo(FEW);
            assertThat(p.p50Micros()).isPositive();
            assertThat(p.p99Micros()).isGreaterThanOrEqualTo(p.p50Micros());
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }
}
