package dev.tenx.workshop.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs each {@link ZeroCopyBenchmark} method once, directly (not through JMH), and checks that
 * it sends what it claims and that it all arrives, so that a broken benchmark fails the build
 * instead of printing a fast number. No timing: performance goals belong in benchmarks.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ZeroCopyBenchmarkTest {

    private static final int BYTES = 64 * 1024;
    private static final long WAIT_STEP_MS = 10;

    @Test
    void everyMethodSendsItsBytesAndTheyArrive() throws Exception {
        ZeroCopyBenchmark b = new ZeroCopyBenchmark();
        b.bytes = BYTES;
        b.open();
        try {
            assertThat(b.heapReadWrite()).as("heap read + write").isEqualTo(BYTES);
            assertThat(b.directReadWrite()).as("direct read + write").isEqualTo(BYTES);
            assertThat(b.transferTo()).as("transferTo").isEqualTo(BYTES);
            assertThat(b.frameCopy()).as("header + body copied").isEqualTo(ZeroCopyBenchmark.HEADER_BYTES + BYTES);
            assertThat(b.frameComposite()).as("header + body gathered").isEqualTo(ZeroCopyBenchmark.HEADER_BYTES + BYTES);
            assertThat(b.baselineBodyOnly()).as("body alone").isEqualTo(BYTES);

            long expected = 6L * BYTES + 2L * ZeroCopyBenchmark.HEADER_BYTES;
            assertThat(b.sent).as("bytes counted as sent").isEqualTo(expected);
            while (b.received.get() < expected) {
                Thread.sleep(WAIT_STEP_MS);
            }
            assertThat(b.received.get()).as("bytes the far end read").isEqualTo(expected);
        } finally {
            b.close();
        }
    }
}
