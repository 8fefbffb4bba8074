package dev.tenx.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CalibrationTest {

    private static final int FEW = 50;

    @Test
    void percentilesAreNearestRank() {
        long[] nanos = new long[100];
        for (int i = 0; i < nanos.length; i++) {
            nanos[nanos.length - 1 - i] = (i + 1) * 1_000L; // 1 us .. 100 us, in reverse
        }
        Calibration.Percentiles p = Calibration.Percentiles.of(nanos);
        assertThat(p.samples()).isEqualTo(100);
        assertThat(p.p50Micros()).isEqualTo(50.0);
        assertThat(p.p99Micros()).isEqualTo(99.0);
        assertThat(Calibration.Percentiles.of(new long[] {7_000}).p99Micros()).isEqualTo(7.0);
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
