package dev.tenx.binary;

import dev.tenx.batching.BatchingConsumerConfig;
import dev.tenx.batching.BatchingProducer;
import dev.tenx.common.spi.AssembledStage;
import dev.tenx.common.spi.StageParts;
import dev.tenx.common.wire.ProtobufCodec;
import dev.tenx.pipeline.PipelinedProducerConfig;
import dev.tenx.pipeline.PipelinedStage;
import dev.tenx.pipeline.PrefetchingConsumer;
import java.util.Map;

/**
 * Stage 3: stage 2 with a binary encoding, decoded only at the edge. Protobuf on the wire both
 * ways; the producer encodes each record once, in {@code send()}, into its batch's buffer
 * ({@link EncodedRecords}), whose bytes are the request's records; the broker scans and
 * validates a request without building a record (the protobuf codec's produce path, in
 * {@code common}); the consumer keeps each fetch answer as bytes and decodes its records at poll
 * ({@link FetchBuffer}). The page store, pipelining and batching are stage 2's parts, unchanged.
 * The composition root only; stateless and thread-safe.
 */
public final class BinaryStage extends AssembledStage {

    private static final PipelinedStage PREVIOUS = new PipelinedStage();

    public BinaryStage() {
        super(PREVIOUS.parts()
                .named("stage3-binary", 3,
                        "binary encoding: protobuf on the wire, each record encoded once in send() and decoded only by the consumer")
                .withCodec(ProtobufCodec.INSTANCE)
                .withProducer(PipelinedProducerConfig.CONFIG, BinaryStage::newProducer)
                .withConsumer(BatchingConsumerConfig.CONFIG, BinaryStage::newConsumer));
    }

    static BatchingProducer newProducer(Map<String, ?> props, StageParts parts) {
        return PipelinedStage.newProducer(props, parts, EncodedRecords.factory(parts.codec()));
    }

    static PrefetchingConsumer newConsumer(Map<String, ?> props, StageParts parts) {
        return new PrefetchingConsumer(new BatchingConsumerConfig(props), parts.codec(), parts.transport(),
                FetchBuffer.readerFor(parts.codec()));
    }
}
