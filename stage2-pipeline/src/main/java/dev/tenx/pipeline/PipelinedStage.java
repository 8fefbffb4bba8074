package dev.tenx.pipeline;

import dev.tenx.batching.BatchingConsumerConfig;
import dev.tenx.batching.BatchingProducer;
import dev.tenx.batching.BatchingStage;
import dev.tenx.batching.MonotonicClock;
import dev.tenx.common.config.ConfigDef;
import dev.tenx.common.config.ProducerConfig;
import dev.tenx.common.spi.Broker;
import dev.tenx.common.spi.Consumer;
import dev.tenx.common.spi.Producer;
import dev.tenx.common.spi.Stage;
import dev.tenx.common.wire.Encoding;
import dev.tenx.common.wire.MessageCodec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Stage 2: stage 1 with pipelining. The producer keeps several batches in flight on its
 * connection ({@link PipelinedSender}); the broker checks each producer's sequence numbers
 * before it appends ({@link IdempotentProduceHandler}), so that retries cannot reorder or
 * duplicate records; the consumer keeps its next fetch in flight ({@link PrefetchingConsumer}).
 * The accumulator, the store, JSON and the broker's one-request-at-a-time handling of each
 * connection are stage 1's. The composition root only; stateless and thread-safe.
 */
public final class PipelinedStage implements Stage {

    /** The stage this one builds on: its encoding and its consumer keys are used as they are. */
    private static final BatchingStage PREVIOUS = new BatchingStage();
    private static final MessageCodec CODEC = MessageCodec.forEncoding(PREVIOUS.encoding());

    @Override
    public String name() {
        return "stage2-pipeline";
    }

    @Override
    public int number() {
        return 2;
    }

    @Override
    public String technique() {
        return "pipelining: several batches and the next fetch in flight per connection, ordered by sequence numbers";
    }

    @Override
    public Encoding encoding() {
        return PREVIOUS.encoding();
    }

    @Override
    public ConfigDef brokerConfig() {
        return PREVIOUS.brokerConfig();
    }

    @Override
    public ConfigDef producerConfig() {
        return PipelinedProducerConfig.CONFIG;
    }

    @Override
    public ConfigDef consumerConfig() {
        return PREVIOUS.consumerConfig();
    }

    @Override
    public Broker startBroker(Map<String, ?> props) throws IOException {
        return PREVIOUS.startBroker(props, IdempotentProduceHandler::appendingTo);
    }

    @Override
    public Producer newProducer(Map<String, ?> props) {
        PipelinedProducerConfig config = new PipelinedProducerConfig(props);
        InetSocketAddress broker = config.getAddress(ProducerConfig.BOOTSTRAP_SERVERS);
        Clock clock = new MonotonicClock();
        int requestTimeoutMs = config.getInt(ProducerConfig.REQUEST_TIMEOUT_MS);
        return new BatchingProducer(config, CODEC, clock, accumulator -> new PipelinedSender(accumulator,
                () -> PipelinedChannel.over(new PipelinedConnection(broker, CODEC, requestTimeoutMs), CODEC),
                clock, PipelinedStage::newProducerId, config));
    }

    /**
     * A random non-negative id: two producers share one with odds of about n^2 / 2^64, which
     * this project accepts; Kafka's brokers hand out ids instead, which needs an API of its own.
     */
    private static long newProducerId() {
        return ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
    }

    @Override
    public Consumer newConsumer(Map<String, ?> props) {
        return new PrefetchingConsumer(new BatchingConsumerConfig(props), CODEC);
    }
}
