package dev.tenx.pipeline;

import dev.tenx.batching.BatchRecords;
import dev.tenx.batching.BatchingConsumerConfig;
import dev.tenx.batching.BatchingProducer;
import dev.tenx.batching.BatchingStage;
import dev.tenx.batching.BufferMemory;
import dev.tenx.batching.LogRecordList;
import dev.tenx.common.config.ProducerConfig;
import dev.tenx.common.spi.AssembledStage;
import dev.tenx.common.spi.StageParts;
import dev.tenx.common.time.MonotonicClock;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Stage 2: stage 1 with pipelining. The producer keeps several batches in flight on its
 * connection ({@link PipelinedSender}); the broker checks each producer's sequence numbers
 * before it appends ({@link IdempotentProduceHandler}), so that retries cannot reorder or
 * duplicate records; the consumer keeps its next fetch in flight ({@link PrefetchingConsumer}).
 * The accumulator, the store, JSON and the rest of the broker are stage 1's parts. The
 * composition root only; stateless and thread-safe.
 */
public final class PipelinedStage extends AssembledStage {

    private static final BatchingStage PREVIOUS = new BatchingStage();

    public PipelinedStage() {
        super(PREVIOUS.parts()
                .named("stage2-pipeline", 2,
                        "pipelining: several batches and the next fetch in flight per connection, ordered by sequence numbers")
                .withBroker(b -> b.withProduceHandler(IdempotentProduceHandler.over(b.produce())))
                .withProducer(PipelinedProducerConfig.CONFIG, PipelinedStage::newProducer)
                .withConsumer(BatchingConsumerConfig.CONFIG, PrefetchingConsumer::create));
    }

    static BatchingProducer newProducer(Map<String, ?> props, StageParts parts) {
        return newProducer(props, parts, LogRecordList.encodedAtSendBy(parts.codec()));
    }

    /**
     * This stage's producer with batches that keep their records as {@code records} makes them:
     * the seam a later stage uses to change what a batch holds and leave the sender as it is.
     */
    public static BatchingProducer newProducer(Map<String, ?> props, StageParts parts, BatchRecords.Factory records) {
        return newProducer(new PipelinedProducerConfig(props), parts, records, new MonotonicClock(),
                BufferMemory.UNBOUNDED, PipelinedSender.NO_DELIVERY_TIMEOUT);
    }

    /**
     * This stage's producer with its accumulator's memory taken from {@code memory} and every
     * batch failed {@code deliveryTimeoutMs} after its first send: the seam through which the
     * backpressure stage bounds the producer and leaves the batching and the sender as they are.
     * {@code clock} is the one {@code memory} waits by, if it does.
     */
    public static BatchingProducer newProducer(PipelinedProducerConfig config, StageParts parts,
                                               BatchRecords.Factory records, Clock clock, BufferMemory memory,
                                               long deliveryTimeoutMs) {
        InetSocketAddress broker = config.getAddress(ProducerConfig.BOOTSTRAP_SERVERS);
        int requestTimeoutMs = config.getInt(ProducerConfig.REQUEST_TIMEOUT_MS);
        return new BatchingProducer(config, parts.codec(), clock, records, memory, accumulator -> new PipelinedSender(
                accumulator, () -> PipelinedChannel.over(new PipelinedConnection(parts.transport(), broker,
                        parts.codec(), requestTimeoutMs), parts.codec()),
                clock, PipelinedStage::newProducerId, config, deliveryTimeoutMs));
    }

    /**
     * A random non-negative id: two producers share one with odds of about n^2 / 2^64, which
     * this project accepts; Kafka's brokers hand out ids instead, which needs an API of its own.
     */
    private static long newProducerId() {
        return ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
    }
}
