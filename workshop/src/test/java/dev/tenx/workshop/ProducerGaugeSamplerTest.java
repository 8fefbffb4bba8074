package dev.tenx.workshop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenx.common.spi.Producer;
import dev.tenx.common.spi.ProducerMetrics;
import dev.tenx.common.spi.RecordMetadata;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The sampler against producers whose gauges the test sets: no broker, no network. */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ProducerGaugeSamplerTest {

    @Test
    void peaksAreOfTheSumOverProducers() throws InterruptedException {
        GaugeProducer a = new GaugeProducer();
        GaugeProducer b = new GaugeProducer();
        a.set(1_000, 10, 2);
        b.set(3_000, 30, 3);
        ProducerGaugeSampler sampler = ProducerGaugeSampler.start(List.of(a, b));
        a.awaitSampled();
        b.awaitSampled();
        a.set(0, 0, 0);
        b.set(0, 0, 0);
        a.awaitSampled();

        ProducerGaugeSampler.Summary summary = sampler.stop();

        assertThat(summary.samples()).isGreaterThanOrEqualTo(2);
        assertThat(summary.bufferedBytesPeak()).isEqualTo(4_000);
        assertThat(summary.bufferedRecordsPeak()).isEqualTo(40);
        assertThat(summary.inFlightRequestsPeak()).isEqualTo(5);
        assertThat(summary.bufferedBytesMean()).isPositive().isLessThan(4_000);
    }

    @Test
    void aProducerWithoutGaugesReportsZeros() throws InterruptedException {
        Producer stage0Like = new GaugeProducer() {
            @Override
            public Map<String, Long> metrics() {
                sampled.incrementAndGet();
                return Map.of();
            }
        };
        ProducerGaugeSampler sampler = ProducerGaugeSampler.start(List.of(stage0Like));
        ((GaugeProducer) stage0Like).awaitSampled();
        ProducerGaugeSampler.Summary summary = sampler.stop();
        assertThat(summary.bufferedBytesPeak()).isZero();
        assertThat(summary.bufferedBytesMean()).isZero();
        assertThat(summary.inFlightRequestsPeak()).isZero();
    }

    @Test
    void aFailingMetricsCallFailsTheStop() {
        GaugeProducer broken = new GaugeProducer() {
            @Override
            public Map<String, Long> metrics() {
                throw new IllegalStateException("boom");
            }
        };
        ProducerGaugeSampler sampler = ProducerGaugeSampler.start(List.of(broken));
        assertThatThrownBy(sampler::stop)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("boom");
    }

    /** Reports the gauges last set; counts the calls so that the test can wait for a sample. */
    private static class GaugeProducer implements Producer {
        final AtomicLong sampled = new AtomicLong();
        private volatile Map<String, Long> gauges = Map.of();

        void set(long bytes, long records, long inFlight) {
            gauges = Map.of(ProducerMetrics.BUFFERED_BYTES, bytes, ProducerMetrics.BUFFERED_RECORDS, records,
                    ProducerMetrics.IN_FLIGHT_REQUESTS, inFlight);
        }

        /** Waits until the sampler has read this producer twice more: once surely after the last set. */
        void awaitSampled() throws InterruptedException {
            long target = sampled.get() + 2;
            while (sampled.get() < target) {
                Thread.sleep(1);
            }
        }

        @Override
        public Map<String, Long> metrics() {
            Map<String, Long> now = gauges;
            sampled.incrementAndGet();
            return now;
        }

        @Override
        public CompletableFuture<RecordMetadata> send(byte[] key, byte[] value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
