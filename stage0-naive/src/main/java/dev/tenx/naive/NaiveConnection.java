package dev.tenx.naive;

import dev.tenx.common.broker.Transport;
import dev.tenx.common.errors.BrokerException;
import dev.tenx.common.errors.DisconnectedException;
import dev.tenx.common.errors.TimeoutException;
import dev.tenx.common.wire.ApiKey;
import dev.tenx.common.wire.ErrorResponse;
import dev.tenx.common.wire.Frame;
import dev.tenx.common.wire.Frames;
import dev.tenx.common.wire.Message;
import dev.tenx.common.wire.MessageCodec;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One client connection that carries one request at a time: write it, flush it, block until its
 * response arrives. This is the synchronous round trip the pipelining stage removes: one
 * connection cannot exceed one request per round trip however little the broker does (the
 * runner measures this machine's loopback round trip at the start of every run).
 *
 * <p>Thread-safety: {@link #call} is synchronized, so callers queue for the one request slot.
 * The event-loop thread only completes {@link #pending}. After a timeout or a disconnect the
 * connection is closed for good: a late response could otherwise be taken for the next one.
 */
public final class NaiveConnection implements AutoCloseable {

    /**
     * Far above any response of a broker within its limits (a fetch carries at most the broker's
     * fetch.max.bytes, 1 MiB by default, inflated 4/3 by base64), far below what would exhaust a
     * heap: a corrupt length field fails the connection instead of making it buffer gigabytes.
     */
    public static final int MAX_RESPONSE_FRAME_BYTES = 256 * 1024 * 1024;

    private final EventLoopGroup group;
    private final Channel channel;
    private final MessageCodec codec;
    private final long requestTimeoutMs;
    private final String remote;

    private volatile CompletableFuture<Frame> pending;
    private int nextCorrelationId;

    /** A connection over stage 0's transport. */
    public NaiveConnection(InetSocketAddress address, MessageCodec codec, long requestTimeoutMs) {
        this(NaiveNetty.TRANSPORT, address, codec, requestTimeoutMs);
    }

    public NaiveConnection(Transport transport, InetSocketAddress address, MessageCodec codec, long requestTimeoutMs) {
        this.codec = codec;
        this.requestTimeoutMs = requestTimeoutMs;
        this.remote = address.getHostString() + ":" + address.getPort();
        // naive: an event-loop thread per connection, never shared between producers and consumers.
        this.group = transport.eventLoops().apply(1);
        this.channel = NaiveNetty.connect(transport, group, address,
                (int) Math.min(requestTimeoutMs, Integer.MAX_VALUE), new ResponseHandler());
    }

    /**
     * Sends one request whose body is already encoded and waits for its response.
     *
     * @throws BrokerException when the broker answers with an error frame
     * @throws TimeoutException after {@code request.timeout.ms} without a response
     * @throws DisconnectedException when the connection is or becomes closed
     */
    public synchronized <T extends Message> T call(ApiKey apiKey, byte[] body, Class<T> responseType) {
        int correlationId = nextCorrelationId++;
        CompletableFuture<Frame> response = new CompletableFuture<>();
        pending = response; // published before the check: a close after it fails this future
        if (!channel.isActive()) {
            throw new DisconnectedException("connection to " + remote + " is closed");
        }
        // naive: header and body copied into one fresh buffer, written and flushed on its own.
        channel.writeAndFlush(Frames.encode(channel.alloc(), codec.encoding(), apiKey, correlationId, body))
                .addListener(written -> {
                    if (!written.isSuccess()) {
                        response.completeExceptionally(written.cause());
                    }
                });
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
            abandon(response, "no response within request.timeout.ms=" + requestTimeoutMs);
            throw new TimeoutException(apiKey + " request to " + remote + " got no response within request.timeout.ms="
                    + requestTimeoutMs);
        } catch (ExecutionException e) {
            throw new DisconnectedException(apiKey + " request to " + remote + " failed: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon(response, "interrupted");
            throw new DisconnectedException("interrupted while waiting for " + apiKey + " response from " + remote, e);
        }
    }

    /**
     * Gives up on a request: settles its future (see {@link #giveUp}) and closes the connection,
     * so that a response still on its way cannot be taken for the next request.
     */
    private void abandon(CompletableFuture<Frame> response, String why) {
        giveUp(response, new DisconnectedException("request abandoned: " + why));
        channel.close();
    }

    /**
     * Settles {@code response} for a caller that has stopped waiting. Runs on the caller's thread,
     * racing the event loop: when the future is still open it fails with {@code why}, so that a
     * response arriving later finds it taken and the event loop releases it; when the event loop
     * completed it with a frame first (the response arrived as the timeout or the interrupt
     * fired), that frame has been handed over and nobody will ever read it, so it is released here.
     */
    static void giveUp(CompletableFuture<Frame> response, Throwable why) {
        if (!response.completeExceptionally(why) && !response.isCompletedExceptionally()) {
            response.join().release();
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
        channel.close().awaitUninterruptibly();
        shutdownGroup();
    }

    private void shutdownGroup() {
        NaiveNetty.shutdownClientGroup(group).awaitUninterruptibly();
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
