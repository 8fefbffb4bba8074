package dev.tenx.sequential;

import dev.tenx.binary.BinaryStage;
import dev.tenx.common.spi.AssembledStage;

/**
 * Stage 4: stage 3 with sequential I/O. The broker's store is an append-only segmented log
 * ({@link SegmentedLog}) that writes each batch once, at the end of a file, as the bytes that
 * arrived, and makes it durable by group commit: one fsync covers every batch written before it,
 * from every connection. Everything else (protobuf, pipelining, batching) is stage 3's. The
 * composition root only; stateless and thread-safe.
 */
public final class SequentialStage extends AssembledStage {

    private static final BinaryStage PREVIOUS = new BinaryStage();

    public SequentialStage() {
        super(PREVIOUS.parts()
                .named("stage4-sequential-io", 4,
                        "sequential I/O: an append-only segmented log, batches stored as they arrived, group commit")
                .withBroker(b -> b.withConfig(SequentialBrokerConfig.extend(b.config())).withStore(SegmentedLog::open)));
    }
}
