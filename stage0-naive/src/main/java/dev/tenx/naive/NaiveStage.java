package dev.tenx.naive;

import dev.tenx.common.config.BrokerConfig;
import dev.tenx.common.config.ConfigDef;
import dev.tenx.common.config.ConsumerConfig;
import dev.tenx.common.config.ProducerConfig;
import dev.tenx.common.spi.Broker;
import dev.tenx.common.spi.Consumer;
import dev.tenx.common.spi.Producer;
import dev.tenx.common.spi.Stage;
import dev.tenx.common.wire.Encoding;
import dev.tenx.common.wire.JsonCodec;
import java.io.IOException;
import java.util.Map;
import java.util.function.Function;

/**
 * Stage 0, the baseline: JSON, one record per request, one request in flight, a page store
 * with in-place updates and three fsyncs per request, fetch record by record. The composition
 * root: it only wires the parts of this package together. Stateless; thread-safe.
 */
public final class NaiveStage implements Stage {

    /** naive: fetch record by record, one round trip each; batching fetches many. */
    static final int RECORDS_PER_FETCH = 1;

    @Override
    public String name() {
        return "stage0-naive";
    }

    @Override
    public int number() {
        return 0;
    }

    @Override
    public String technique() {
        return "baseline: one record per request, synchronous, JSON, page store, fsync per request";
    }

    @Override
    public Encoding encoding() {
        return Encoding.JSON;
    }

    @Override
    public ConfigDef brokerConfig() {
        return BrokerConfig.CONFIG;
    }

    @Override
    public ConfigDef producerConfig() {
        return ProducerConfig.CONFIG;
    }

    @Override
    public ConfigDef consumerConfig() {
        return ConsumerConfig.CONFIG;
    }

    @Override
    public Broker startBroker(Map<String, ?> props) throws IOException {
        return startBroker(props, ProduceHandler::appendingTo);
    }

    /**
     * This broker with another produce path on its store: the seam a later stage uses to put a
     * check in front of the append, without building a broker of its own.
     */
    public Broker startBroker(Map<String, ?> props, Function<RecordStore, ProduceHandler> produceHandler)
            throws IOException {
        return NaiveBroker.start(new BrokerConfig(props), PageStore::open, JsonCodec.INSTANCE, produceHandler);
    }

    @Override
    public Producer newProducer(Map<String, ?> props) {
        return new NaiveProducer(new ProducerConfig(props), JsonCodec.INSTANCE);
    }

    @Override
    public Consumer newConsumer(Map<String, ?> props) {
        return new NaiveConsumer(new ConsumerConfig(props), JsonCodec.INSTANCE, RECORDS_PER_FETCH, Integer.MAX_VALUE);
    }
}
