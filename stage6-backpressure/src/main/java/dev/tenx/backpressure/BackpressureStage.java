package dev.tenx.backpressure;

import dev.tenx.batching.BatchingProducer;
import dev.tenx.binary.EncodedRecords;
import dev.tenx.common.spi.AssembledStage;
import dev.tenx.common.spi.StageParts;
import dev.tenx.common.time.MonotonicClock;
import dev.tenx.pipeline.PipelinedStage;
import java.time.Clock;
import java.util.Map;

/**
 * Stage 6: the stage before it with backpressure. Every queue is bounded and says what happens at
 * its bound: the producer's accumulator by {@code buffer.memory} ({@link BufferPool}; {@code send()}
 * waits up to {@code max.block.ms}, then fails with {@link BufferExhaustedException}), each record's
 * life by {@code delivery.timeout.ms}; the broker's queued requests across connections and per
 * connection, each connection's unsent responses (write-buffer water marks), partial frames, idle
 * connections and the number of connections ({@link BoundedAdmission}): at a bound the broker stops
 * reading, or closes the connection, instead of buffering. The log, the encoding, pipelining and
 * batching are the earlier stages', unchanged. The composition root only; stateless and thread-safe.
 */
public final class BackpressureStage extends AssembledStage {

    /** The stage before: with the pom's dependency, the one line that names it. */
    private static final StageParts PREVIOUS = new dev.tenx.zerocopy.ZeroCopyStage().parts();

    public BackpressureStage() {
        super(PREVIOUS.named("stage6-backpressure", 6,
                        "backpressure: bounded producer memory (buffer.memory, max.block.ms), delivery.timeout.ms, "
                                + "a broker that stops reading at its bounds")
                .withBroker(b -> b.withConfig(BackpressureBrokerConfig.extend(b.config()))
                        .withAdmission(new BoundedAdmission(new MonotonicClock())))
                .withProducer(BackpressureProducerConfig.CONFIG, BackpressureStage::newProducer));
    }

    /**
     * Stage 3's producer (records encoded once in {@code send()}, pipelined), its memory taken from
     * a {@link BufferPool} and every batch bounded by {@code delivery.timeout.ms}.
     */
    static BatchingProducer newProducer(Map<String, ?> props, StageParts parts) {
        BackpressureProducerConfig config = new BackpressureProducerConfig(props);
        Clock clock = new MonotonicClock();
        BufferPool memory = new BufferPool(config.getLong(BackpressureProducerConfig.BUFFER_MEMORY),
                config.getLong(BackpressureProducerConfig.MAX_BLOCK_MS), clock);
        return PipelinedStage.newProducer(config, parts, EncodedRecords.factory(parts.codec()), clock, memory,
                config.getInt(BackpressureProducerConfig.DELIVERY_TIMEOUT_MS));
    }
}
