package dev.tenx.naive;

import dev.tenx.common.errors.BrokerException;
import dev.tenx.common.errors.DisconnectedException;
import dev.tenx.common.errors.TimeoutException;
import dev.tenx.common.wire.ApiKey;
import dev.tenx.common.wire.ErrorResponse;
import dev.tenx.common.wire.Frame;
import dev.tenx.common.wire.FrameDecoder;
import dev.tenx.common.wire.Frames;
import dev.tenx.common.wire.Message;
import dev.tenx.common.wire.MessageCodec;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One client connection that carries one request at a time: write it, flush it, block until its
 * response arrives. This is the synchronous round trip the pipelining stage removes; on this
 * machine it costs about 70 microseconds on loopback, so one connection cannot exceed roughly
 * 14,000 requests per second however little the broker does.
 *
 * <p>Thread-safety: {@link #call} is synchronized, so callers queue for the one request slot.
 * The event-loop thread only completes {@link #pending}. After a timeout or a disconnect the
 * connection is closed for good: a late response could otherwise be taken for the next one.
 */
final class NaiveConnection implements AutoCloseable {

    /**
     * Responses come from the broker this client chose to connect to, which bounds a fetch by
     * its maxBytes; the limit only guards against a corrupt length field.
     */
    private static final int MAX_RESPONSE_FRAME_BYTES = Integer.MAX_VALUE;

    private final EventLoopGroup group;
    private final Channel channel;
    private final MessageCodec codec;
    private final long requestTimeoutMs;
    private final String remote;

    private volatile CompletableFuture<Frame> pending;
    private int nextCorrelationId;

    NaiveConnection(InetSocketAddress address, MessageCodec codec, long requestTimeoutMs) {
        this.codec = codec;
        this.requestTimeoutMs = requestTimeoutMs;
        this.remote = address.getHostString() + ":" + address.getPort();
        this.group = NaiveNetty.newGroup(1);
        try {
            this.channel = NaiveNetty.configure(new Bootstrap())
                    .group(group)
                    .channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new FrameDecoder(MAX_RESPONSE_FRAME_BYTES), new ResponseHandler());
                        }
                    })
                    .connect(address.getHostString(), address.getPort())
                    .syncUninterruptibly()
                    .channel();
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw new DisconnectedException("cannot connect to " + remote + ": " + e.getMessage(), e);
        }
    }

    /**
     * Sends one request whose body is already encoded and waits for its response.
     *
     * @throws BrokerException when the broker answers with an error frame
     * @throws TimeoutException after {@code request.timeout.ms} without a response
     * @throws DisconnectedException when the connection is or becomes closed
     */
    synchronized <T extends Message> T call(ApiKey apiKey, byte[] body, Class<T> responseType) {
        if (!channel.isActive()) {
            throw new DisconnectedException("connection to " + remote + " is closed");
        }
        int correlationId = nextCorrelationId++;
        CompletableFuture<Frame> response = new CompletableFuture<>();
        pending = response;
        // naive: header and body copied into one fresh buffer, written and flushed on its own.
        channel.writeAndFlush(Frames.encode(channel.alloc(), codec.encoding(), apiKey, correlationId, body));
        Frame frame = await(response, apiKey);
        try {
            return decode(frame, apiKey, correlationId, responseType);
        } finally {
            frame.release();
        }
    }

    private Frame await(CompletableFuture<Frame> response, ApiKey apiKey) {
        try {
            return response.get(requestTimeoutMs, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            channel.close();
            throw new TimeoutException(apiKey + " request to " + remote + " got no response within request.timeout.ms="
                    + requestTimeoutMs);
        } catch (ExecutionException e) {
            throw new DisconnectedException(apiKey + " request to " + remote + " failed: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            channel.close();
            throw new DisconnectedException("interrupted while waiting for " + apiKey + " response from " + remote, e);
        }
    }

    private <T extends Message> T decode(Frame frame, ApiKey apiKey, int correlationId, Class<T> responseType) {
        if (frame.apiKey() == ApiKey.ERROR) {
            ErrorResponse error = codec.decode(ErrorResponse.class, frame.body());
            throw new BrokerException(error.errorCode(), error.errorMessage());
        }
        if (frame.correlationId() != correlationId || frame.apiKey() != apiKey) {
            channel.close();
            throw new DisconnectedException("response does not match request: correlationId=" + frame.correlationId()
                    + " expected=" + correlationId + ", apiKey=" + frame.apiKey() + " expected=" + apiKey);
        }
        return codec.decode(responseType, frame.body());
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).syncUninterruptibly();
    }

    /** Runs on the connection's event-loop thread: hands each response to the waiting caller. */
    private final class ResponseHandler extends SimpleChannelInboundHandler<Frame> {

        ResponseHandler() {
            super(Frame.class, false);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
            CompletableFuture<Frame> waiting = pending;
            if (waiting == null || !waiting.complete(frame)) {
                frame.release(); // nobody is waiting: a response after its timeout
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            failPending(new DisconnectedException("connection to " + remote + " closed"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failPending(cause);
            ctx.close();
        }

        private void failPending(Throwable cause) {
            CompletableFuture<Frame> waiting = pending;
            if (waiting != null) {
                waiting.completeExceptionally(cause);
            }
        }
    }
}
