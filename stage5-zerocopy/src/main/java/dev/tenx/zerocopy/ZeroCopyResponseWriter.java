package dev.tenx.zerocopy;

import dev.tenx.common.broker.FetchResult;
import dev.tenx.common.broker.ResponseWriter;
import dev.tenx.common.broker.StoredRecords;
import dev.tenx.common.wire.ApiKey;
import dev.tenx.common.wire.FrameDescriptor;
import dev.tenx.common.wire.Frames;
import dev.tenx.common.wire.Message;
import dev.tenx.common.wire.MessageCodec;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslHandler;

/**
 * The fewer-copies response writer. A fetch response goes out as two messages: the frame header
 * and the envelope in one small pooled buffer, then the stored records as they lie, a
 * {@link StoredRegion} (sendfile) when the store handed out a file range, or the store's own
 * buffer behind the header (a gather write) when it did not: the records are never copied behind
 * the envelope. Other responses (acknowledgements, Stats) are a few dozen bytes, written into one
 * pooled buffer. Every write is flushed through the transport's flush consolidation, so that the
 * responses written while one read is handled, or while one group commit's acknowledgements are
 * drained, leave in one system call.
 *
 * <p>When zero-copy cannot apply it says so and copies, as stage 4 does
 * ({@link ResponseWriter#COPY_AND_FLUSH_EACH}): when the connection is encrypted (TLS has to see
 * every byte to encrypt it, so the records must come into the JVM), and when the codec's fetch
 * body is not its envelope followed by the records as stored (JSON closes an array after them).
 *
 * <p>Stateless; called on each connection's event-loop thread. Owns what it is given: the records
 * pass to the channel, which releases them once written or failed.
 */
public final class ZeroCopyResponseWriter implements ResponseWriter {

    /**
     * Room for an envelope without an error message: four tags, an error code, and two int64
     * varints of up to ten bytes each. An error's message makes the buffer grow, once.
     */
    private static final int ENVELOPE_BYTES_HINT = 4 + 1 + 1 + 2 * 10;

    @Override
    public ChannelFuture write(ChannelHandlerContext ctx, MessageCodec codec, ApiKey apiKey, int correlationId,
                               Message response) {
        // fewer copies: a pooled direct buffer, so no fresh buffer per response and no JDK copy
        // into a temporary direct one; flushed through the flush consolidation.
        return ctx.writeAndFlush(Frames.encode(ctx.alloc(), codec, apiKey, correlationId, response));
    }

    @Override
    public ChannelFuture writeFetch(ChannelHandlerContext ctx, MessageCodec codec, int correlationId,
                                    FetchResult result) {
        if (!codec.recordsFollowEnvelope() || ctx.pipeline().get(SslHandler.class) != null) {
            // no zero-copy: the bytes must pass through the JVM (a format change, or TLS), so copy
            return COPY_AND_FLUSH_EACH.writeFetch(ctx, codec, correlationId, result);
        }
        StoredRecords records = result.records();
        ByteBuf head;
        try {
            head = envelopeFrame(ctx, codec, correlationId, result);
        } catch (RuntimeException e) {
            records.release();
            throw e;
        }
        ctx.write(head, ctx.voidPromise());
        // gather write / sendfile: the records follow the envelope as a message of their own; the
        // channel writes a file region with transferTo, a buffer together with the header in one writev(2).
        Object stored = records.fileRange() != null ? new StoredRegion(records.fileRange()) : records.records();
        // a void promise: a failed write reaches the request handler's exceptionCaught, which closes
        // the connection; nothing waits on this future, so none is allocated per response.
        return ctx.writeAndFlush(stored, ctx.voidPromise());
    }

    /**
     * The frame header and the envelope, written in place, into one pooled buffer: its Length
     * counts the records that follow in another message.
     */
    private static ByteBuf envelopeFrame(ChannelHandlerContext ctx, MessageCodec codec, int correlationId,
                                         FetchResult result) {
        ByteBuf head = ctx.alloc().buffer(FrameDescriptor.HEADER_LENGTH + ENVELOPE_BYTES_HINT);
        try {
            head.writerIndex(FrameDescriptor.HEADER_LENGTH); // the header goes in front once the envelope's size is known
            codec.writeFetchEnvelope(head, result.errorCode(), result.errorMessage(), result.records().baseOffset(),
                    result.logEndOffset());
            int end = head.writerIndex();
            int bodyLength = end - FrameDescriptor.HEADER_LENGTH + result.records().sizeInBytes();
            FrameDescriptor.writeHeader(head.writerIndex(0), bodyLength, codec.encoding(), ApiKey.FETCH, correlationId);
            return head.writerIndex(end);
        } catch (RuntimeException e) {
            head.release();
            throw e;
        }
    }
}
