package dev.tenx.zerocopy;

import dev.tenx.common.broker.Transport;
import dev.tenx.common.wire.ApiKey;
import dev.tenx.common.wire.Encoding;
import dev.tenx.common.wire.Frames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.handler.flush.FlushConsolidationHandler;

/**
 * The fewer-copies transport, broker and clients alike: stage 4's with three things changed.
 * <ul>
 *   <li><b>Pooled direct buffers</b>: every channel reads into and writes from buffers taken from
 *       a pool of direct memory. The broker appends a request's records with
 *       {@code FileChannel.write} from the very buffer they arrived in (no copy into the heap,
 *       none into a JDK temporary direct buffer), and no frame, request or response, is a fresh
 *       heap buffer, zeroed and collected. (Stage 4 read sockets into direct memory too, since
 *       Netty's {@code ioBuffer} prefers it, but allocated and freed one buffer per read.)
 *   <li><b>Gather writes</b>: a request is its header and its body as two buffers in one
 *       composite, never copied into one array.
 *   <li><b>Flush consolidation</b>: Netty's {@link FlushConsolidationHandler} in front of every
 *       pipeline, so that the responses written during one read (or one group commit's
 *       acknowledgements) leave in one system call instead of one each.
 * </ul>
 * Stateless; thread-safe.
 */
final class ZeroCopyTransport {

    /**
     * Flushes held back while a read is in progress at most: Netty's default. Past it the handler
     * flushes anyway, so that a connection with a long stream of requests is not starved of writes.
     */
    static final int EXPLICIT_FLUSH_AFTER_FLUSHES = FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES;

    /**
     * One pool per JVM, direct: a broker and its clients in one test JVM share it, as Netty's own
     * default allocator is shared. (Netty's default would be pooled too, but which one depends on
     * system properties; this stage names its choice.)
     */
    static final ByteBufAllocator ALLOCATOR = new PooledByteBufAllocator(true);

    private ZeroCopyTransport() {}

    /** {@code previous} with pooled direct buffers, gather framing and flush consolidation. */
    static Transport over(Transport previous) {
        return previous.withAllocator(ALLOCATOR)
                .withFraming(ZeroCopyTransport::gather)
                // consolidate also when no read is in progress: acknowledgements arrive from the
                // log's flusher thread, many at once, outside any read.
                .withPipelineHook(pipeline -> pipeline.addLast(
                        new FlushConsolidationHandler(EXPLICIT_FLUSH_AFTER_FLUSHES, true)));
    }

    /** Header and body as one composite of two buffers: the body is referenced, not copied. */
    static ByteBuf gather(ByteBufAllocator alloc, Encoding encoding, ApiKey apiKey, int correlationId, ByteBuf body) {
        CompositeByteBuf frame = alloc.compositeDirectBuffer(2);
        // gather write: written as one writev(2) of both buffers when both are direct; the body is
        // retained here, and released by the channel once written.
        return frame.addComponents(true, Frames.header(alloc, encoding, apiKey, correlationId, body.readableBytes()),
                body.retainedSlice());
    }
}
