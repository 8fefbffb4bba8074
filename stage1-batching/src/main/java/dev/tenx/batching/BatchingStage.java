package dev.tenx.batching;

import dev.tenx.common.spi.AssembledStage;
import dev.tenx.common.spi.StageParts;
import dev.tenx.common.time.MonotonicClock;
import dev.tenx.naive.NaiveConnection;
import dev.tenx.naive.NaiveConsumer;
import dev.tenx.naive.NaiveStage;
import java.time.Clock;
import java.util.Map;

/**
 * Stage 1: stage 0 with batching. The producer gathers records into batches and sends a batch
 * per request; the consumer fetches many records per request. The broker, the store, JSON and
 * the one request at a time on each connection are stage 0's parts, unchanged: the broker already
 * commits once per request, whatever the request holds. The composition root only; stateless
 * and thread-safe.
 */
public final class BatchingStage extends AssembledStage {

    private static final NaiveStage PREVIOUS = new NaiveStage();

    public BatchingStage() {
        super(PREVIOUS.parts()
                .named("stage1-batching", 1, "batching: many records per request and per fetch, one commit per batch")
                .withProducer(BatchingProducerConfig.CONFIG, BatchingStage::newProducer)
                .withConsumer(BatchingConsumerConfig.CONFIG, BatchingStage::newConsumer));
    }

    static BatchingProducer newProducer(Map<String, ?> props, StageParts parts) {
        BatchingProducerConfig config = new BatchingProducerConfig(props);
        Clock clock = new MonotonicClock();
        return new BatchingProducer(config, parts.codec(), clock, LogRecordList.encodedAtSendBy(parts.codec()),
                accumulator -> new Sender(accumulator,
                ProduceChannel.over(new NaiveConnection(parts.transport(),
                        config.getAddress(BatchingProducerConfig.BOOTSTRAP_SERVERS), parts.codec(),
                        config.getInt(BatchingProducerConfig.REQUEST_TIMEOUT_MS)), parts.codec()),
                clock));
    }

    static NaiveConsumer newConsumer(Map<String, ?> props, StageParts parts) {
        BatchingConsumerConfig config = new BatchingConsumerConfig(props);
        // batching: one fetch brings up to max.poll.records records and fetch.max.bytes bytes.
        return new NaiveConsumer(config, parts, config.getInt(BatchingConsumerConfig.MAX_POLL_RECORDS),
                config.getInt(BatchingConsumerConfig.FETCH_MAX_BYTES));
    }
}
