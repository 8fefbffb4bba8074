package dev.tenx.naive;

import dev.tenx.common.broker.Admission;
import dev.tenx.common.broker.BrokerParts;
import dev.tenx.common.broker.FetchHandler;
import dev.tenx.common.broker.ProduceHandler;
import dev.tenx.common.broker.ResponseWriter;
import dev.tenx.common.config.BrokerConfig;
import dev.tenx.common.config.ConsumerConfig;
import dev.tenx.common.config.ProducerConfig;
import dev.tenx.common.spi.AssembledStage;
import dev.tenx.common.spi.ConsumerParts;
import dev.tenx.common.spi.ProducerParts;
import dev.tenx.common.spi.StageParts;
import dev.tenx.common.wire.JsonCodec;

/**
 * Stage 0, the baseline: JSON, one record per request, one request in flight, a page store
 * with in-place updates and three fsyncs per request, fetch record by record. The composition
 * root: the first set of parts, every one of them the naive choice, which each later stage
 * swaps one technique at a time. Stateless; thread-safe.
 */
public final class NaiveStage extends AssembledStage {

    static final StageParts PARTS = new StageParts("stage0-naive", 0,
            "baseline: one record per request, synchronous, JSON, page store, fsync per request",
            JsonCodec.INSTANCE, NaiveNetty.TRANSPORT,
            new BrokerParts(BrokerConfig.CONFIG, PageStore::open, ProduceHandler::appendingTo, FetchHandler::reading,
                    ResponseWriter.COPY_AND_FLUSH_EACH, Admission.UNBOUNDED),
            new ProducerParts(ProducerConfig.CONFIG, NaiveProducer::create),
            new ConsumerParts(ConsumerConfig.CONFIG, NaiveConsumer::create));

    public NaiveStage() {
        super(PARTS);
    }
}
