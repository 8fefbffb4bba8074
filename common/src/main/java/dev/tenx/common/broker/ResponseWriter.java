package dev.tenx.common.broker;

import dev.tenx.common.wire.ApiKey;
import dev.tenx.common.wire.Frames;
import dev.tenx.common.wire.Message;
import dev.tenx.common.wire.MessageCodec;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns one response into bytes on its connection: the part the fewer-copies stage swaps (a
 * gather write of header and body, the stored range sent with {@code sendfile}). Called on the
 * connection's event-loop thread, in request order; owns what it is given and releases it.
 */
public interface ResponseWriter {

    ChannelFuture write(ChannelHandlerContext ctx, MessageCodec codec, ApiKey apiKey, int correlationId,
                        Message response);

    ChannelFuture writeFetch(ChannelHandlerContext ctx, MessageCodec codec, int correlationId, FetchResult result);

    /**
     * naive: header and body copied into one fresh buffer per response, then written and flushed
     * on its own, one write(2) per response; the fetched records are copied behind the envelope
     * (read from the store's file first, when it handed out a file range).
     */
    ResponseWriter COPY_AND_FLUSH_EACH = new ResponseWriter() {
        @Override
        public ChannelFuture write(ChannelHandlerContext ctx, MessageCodec codec, ApiKey apiKey, int correlationId,
                                   Message response) {
            return ctx.writeAndFlush(Frames.encode(ctx.alloc(), codec, apiKey, correlationId, response));
        }

        @Override
        public ChannelFuture writeFetch(ChannelHandlerContext ctx, MessageCodec codec, int correlationId,
                                        FetchResult result) {
            ByteBuf records;
            try {
                records = result.records().readIntoMemory(ctx.alloc());
            } catch (IOException e) {
                return readFailed(ctx, result, e);
            }
            ByteBuf body;
            try {
                body = codec.encodeFetchResponse(ctx.alloc(), result.envelope(), records);
            } finally {
                records.release();
            }
            try {
                return ctx.writeAndFlush(Frames.encode(ctx.alloc(), codec.encoding(), ApiKey.FETCH, correlationId, body));
            } finally {
                body.release();
            }
        }
    };

    /**
     * A fetch whose records could not be read back at write time (a file range the store handed
     * out): nothing of it is written, and the connection is closed, since its answers are in order
     * and this one has none to give.
     */
    static ChannelFuture readFailed(ChannelHandlerContext ctx, FetchResult result, IOException e) {
        Logger.getLogger(ResponseWriter.class.getName()).log(Level.SEVERE, "reading " + result.records()
                + " for a fetch response failed; closing " + ctx.channel(), e);
        ctx.close();
        return ctx.newFailedFuture(e);
    }
}
