package dev.tenx.batching;

import dev.tenx.common.config.ConfigDef;
import dev.tenx.common.spi.Broker;
import dev.tenx.common.spi.Consumer;
import dev.tenx.common.spi.Producer;
import dev.tenx.common.spi.Stage;
import dev.tenx.common.wire.Encoding;
import dev.tenx.common.wire.MessageCodec;
import dev.tenx.naive.NaiveConnection;
import dev.tenx.naive.NaiveConsumer;
import dev.tenx.naive.NaiveStage;
import dev.tenx.naive.ProduceHandler;
import dev.tenx.naive.RecordStore;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;

/**
 * Stage 1: stage 0 with batching. The producer gathers records into batches and sends a batch
 * per request; the consumer fetches many records per request. The broker, the store, JSON and
 * the one request at a time on each connection are stage 0's, unchanged: the broker already
 * commits once per request, whatever the request holds. The composition root only; stateless
 * and thread-safe.
 */
public final class BatchingStage implements Stage {

    /** The stage this one builds on: its broker, store and encoding are used as they are. */
    private static final NaiveStage PREVIOUS = new NaiveStage();
    private static final MessageCodec CODEC = MessageCodec.forEncoding(PREVIOUS.encoding());

    @Override
    public String name() {
        return "stage1-batching";
    }

    @Override
    public int number() {
        return 1;
    }

    @Override
    public String technique() {
        return "batching: many records per request and per fetch, one commit per batch";
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
        return BatchingProducerConfig.CONFIG;
    }

    @Override
    public ConfigDef consumerConfig() {
        return BatchingConsumerConfig.CONFIG;
    }

    @Override
    public Broker startBroker(Map<String, ?> props) throws IOException {
        return PREVIOUS.startBroker(props);
    }

    /** Stage 0's broker with another produce path on its store: the seam stage 2 uses. */
    public Broker startBroker(Map<String, ?> props, Function<RecordStore, ProduceHandler> produceHandler)
            throws IOException {
        return PREVIOUS.startBroker(props, produceHandler);
    }

    @Override
    public Producer newProducer(Map<String, ?> props) {
        BatchingProducerConfig config = new BatchingProducerConfig(props);
        Clock clock = new MonotonicClock();
        return new BatchingProducer(config, CODEC, clock, accumulator -> new Sender(accumulator,
                ProduceChannel.over(new NaiveConnection(config.getAddress(BatchingProducerConfig.BOOTSTRAP_SERVERS),
                        CODEC, config.getInt(BatchingProducerConfig.REQUEST_TIMEOUT_MS)), CODEC),
                clock));
    }

    @Override
    public Consumer newConsumer(Map<String, ?> props) {
        BatchingConsumerConfig config = new BatchingConsumerConfig(props);
        // batching: one fetch brings up to max.poll.records records and fetch.max.bytes bytes.
        return new NaiveConsumer(config, CODEC, config.getInt(BatchingConsumerConfig.MAX_POLL_RECORDS),
                config.getInt(BatchingConsumerConfig.FETCH_MAX_BYTES));
    }
}
