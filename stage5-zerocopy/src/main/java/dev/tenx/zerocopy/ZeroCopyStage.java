package dev.tenx.zerocopy;

import dev.tenx.batching.BatchingConsumerConfig;
import dev.tenx.common.spi.AssembledStage;
import dev.tenx.common.spi.StageParts;
import dev.tenx.pipeline.PrefetchingConsumer;
import dev.tenx.sequential.SegmentedLog;
import dev.tenx.sequential.SequentialStage;
import java.util.Map;

/**
 * Stage 5: stage 4 with fewer copies. A fetch finds its run of stored batches by their headers
 * alone and sends it from the log's file with sendfile ({@link FileRangeReads},
 * {@link StoredRegion}, {@link ZeroCopyResponseWriter}); every channel, broker and clients, reads
 * and writes pooled direct buffers, frames a request as header and body gathered, not copied, and
 * consolidates flushes ({@link ZeroCopyTransport}); the consumer hands the application each
 * record as a view of the buffer it arrived in, copied only if asked ({@link FetchView}). The
 * log's writing, group commit, protobuf, pipelining and batching are the earlier stages',
 * unchanged. The composition root only; stateless and thread-safe.
 */
public final class ZeroCopyStage extends AssembledStage {

    private static final SequentialStage PREVIOUS = new SequentialStage();

    public ZeroCopyStage() {
        super(PREVIOUS.parts()
                .named("stage5-zerocopy", 5,
                        "zero-copy and fewer copies: fetches sent with sendfile, pooled direct buffers, gather writes, "
                                + "flush consolidation")
                .withTransport(ZeroCopyTransport.over(PREVIOUS.parts().transport()))
                .withBroker(b -> b.withStore(SegmentedLog.readingWith(new FileRangeReads()))
                        .withResponseWriter(new ZeroCopyResponseWriter()))
                .withConsumer(BatchingConsumerConfig.CONFIG, ZeroCopyStage::newConsumer));
    }

    static PrefetchingConsumer newConsumer(Map<String, ?> props, StageParts parts) {
        return new PrefetchingConsumer(new BatchingConsumerConfig(props), parts.codec(), parts.transport(),
                FetchView.readerFor(parts.codec()));
    }
}
