package dev.tenx.pipeline;

import dev.tenx.common.broker.Transport;
import dev.tenx.common.errors.BrokerException;
import dev.tenx.common.errors.DisconnectedException;
import dev.tenx.common.wire.ApiKey;
import dev.tenx.common.wire.ErrorCode;
import dev.tenx.common.wire.ErrorResponse;
import dev.tenx.common.wire.Frame;
import dev.tenx.common.wire.Message;
import dev.tenx.common.wire.MessageCodec;
import dev.tenx.naive.NaiveNetty;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One client connection that carries many requests at once: {@link #send} writes and flushes a
 * request and returns its future at once, without waiting for the answers to the requests before
 * it. Responses are matched to requests by correlation id. The broker handles one connection's
 * requests one at a time, in the order they came, so the answers come back in send order: an
 * answer to any request but the oldest one in flight is a protocol fault, and closes the
 * connection.
 *
 * <p>Failures: an error frame fails its request with {@link BrokerException}; the broker closes
 * the connection after one, so this side closes it too, and every other request in flight fails
 * with {@link DisconnectedException}, as it does when the connection is lost or closed. Nothing
 * here times out: callers own their deadlines and {@link #close} the connection when one passes,
 * since a late answer must not be waited for on a connection that is to be reused.
 *
 * <p>Thread-safety: {@link #send}, {@link #inFlight}, {@link #isOpen} and {@link #close} from any
 * thread. {@link #pending}, {@link #nextCorrelationId} and {@link #closedBecause} are guarded by
 * {@link #lock}: {@code send} adds to {@code pending} on the caller's thread, the event-loop
 * thread takes from it. Futures complete on the event-loop thread, outside the lock, so their
 * callbacks run there and must not block. {@code close} waits for the event loop to end, except
 * when called on it.
 */
public final class PipelinedConnection implements AutoCloseable {

    /** Netty's own default, named: how long a connect may hang when the caller sets no bound. */
    public static final int DEFAULT_CONNECT_TIMEOUT_MS = 30_000;

    /**
     * Turns a response frame's body into what the request's future completes with. Runs on the
     * event-loop thread; the frame is released when it returns, so a reader that keeps bytes for
     * later retains them, and gives them back itself. A failure to read is a protocol fault.
     */
    @FunctionalInterface
    public interface ResponseReader<T> {
        T read(ByteBuf body);
    }

    /** One request on the wire, waiting for its answer. */
    private record Pending<T>(int correlationId, ApiKey apiKey, ResponseReader<T> reader,
                              CompletableFuture<T> response) {
    }

    private final EventLoopGroup group;
    private final Channel channel;
    private final MessageCodec codec;
    private final Transport.Framing framing;
    private final String remote;

    private final Object lock = new Object();
    private final ArrayDeque<Pending<?>> pending = new ArrayDeque<>();
    private int nextCorrelationId;
    /** Why the connection is closed, once it is; {@code null} while it is open. */
    private DisconnectedException closedBecause;

    public PipelinedConnection(InetSocketAddress address, MessageCodec codec) {
        this(NaiveNetty.TRANSPORT, address, codec, DEFAULT_CONNECT_TIMEOUT_MS);
    }

    /**
     * Connects, within {@code connectTimeoutMs}.
     *
     * @throws DisconnectedException when it cannot, naming the reason
     */
    public PipelinedConnection(Transport transport, InetSocketAddress address, MessageCodec codec,
                               int connectTimeoutMs) {
        this.codec = codec;
        this.framing = transport.framing();
        this.remote = address.getHostString() + ":" + address.getPort();
        this.group = transport.eventLoops().apply(1);
        this.channel = NaiveNetty.connect(transport, group, address, connectTimeoutMs, new ResponseHandler());
    }

    /**
     * Writes and flushes one request whose body is already encoded, and returns at once.
     *
     * @return completes, on the event-loop thread, with the decoded response; fails with
     *         {@link BrokerException} when the broker answers with an error frame, and with
     *         {@link DisconnectedException} when the connection is or becomes closed first
     */
    public <T extends Message> CompletableFuture<T> send(ApiKey apiKey, byte[] body, Class<T> responseType) {
        ByteBuf wrapped = Unpooled.wrappedBuffer(body);
        try {
            return send(apiKey, wrapped, responseType);
        } finally {
            wrapped.release();
        }
    }

    /**
     * The same, for a body in a buffer, framed as the transport frames requests (copied behind the
     * header, or gathered with it): the frame holds its own reference, and the caller releases its.
     */
    public <T extends Message> CompletableFuture<T> send(ApiKey apiKey, ByteBuf body, Class<T> responseType) {
        return send(apiKey, body, answer -> codec.decode(responseType, answer));
    }

    /**
     * The same, with the response's body handed to {@code reader} instead of decoded into a
     * message: the seam through which a consumer keeps the fetched bytes and decodes them later.
     */
    public <T> CompletableFuture<T> send(ApiKey apiKey, ByteBuf body, ResponseReader<T> reader) {
        CompletableFuture<T> response = new CompletableFuture<>();
        synchronized (lock) {
            if (closedBecause != null) {
                return CompletableFuture.failedFuture(new DisconnectedException(apiKey + " request to " + remote
                        + " not sent: " + closedBecause.getMessage(), closedBecause));
            }
            int correlationId = nextCorrelationId++;
            pending.addLast(new Pending<>(correlationId, apiKey, reader, response));
            ByteBuf frame = framing.frame(channel.alloc(), codec.encoding(), apiKey, correlationId, body);
            // pipelining: on the wire now, whatever is still in flight before it. Registered and
            // queued under one lock, and queued as a task even on the event loop (tasks run in the
            // order queued), so correlation ids reach the wire in the order they were handed out.
            channel.eventLoop().execute(() -> writeAndFlush(frame));
        }
        return response;
    }

    private void writeAndFlush(ByteBuf frame) {
        channel.writeAndFlush(frame).addListener(written -> {
            if (!written.isSuccess()) {
                fail(new DisconnectedException("write to " + remote + " failed: " + written.cause(), written.cause()));
                channel.close();
            }
        });
    }

    /** Requests sent and not yet answered or failed. */
    public int inFlight() {
        synchronized (lock) {
            return pending.size();
        }
    }

    public boolean isOpen() {
        synchronized (lock) {
            return closedBecause == null && channel.isActive();
        }
    }

    /** Fails every request in flight with {@link DisconnectedException}, closes the socket and ends the event loop. */
    @Override
    public void close() {
        fail(new DisconnectedException("connection to " + remote + " closed by this client"));
        ChannelFuture closed = channel.close();
        if (!channel.eventLoop().inEventLoop()) {
            closed.awaitUninterruptibly();
        }
        shutdownGroup();
    }

    private void shutdownGroup() {
        Future<?> terminated = NaiveNetty.shutdownClientGroup(group);
        if (!group.next().inEventLoop()) {
            terminated.awaitUninterruptibly();
        }
    }

    /** Marks the connection closed, keeping the first reason, and fails every request in flight with {@code why}. */
    private void fail(DisconnectedException why) {
        List<Pending<?>> failed;
        synchronized (lock) {
            if (closedBecause == null) {
                closedBecause = why;
            }
            failed = new ArrayList<>(pending);
            pending.clear();
        }
        for (Pending<?> request : failed) {
            request.response().completeExceptionally(why);
        }
    }

    /** Runs on the connection's event-loop thread: hands each response to its request's future. */
    private final class ResponseHandler extends SimpleChannelInboundHandler<Frame> {

        ResponseHandler() {
            super(Frame.class, false); // Frame is not reference-counted; we release its body ourselves
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
            try {
                answer(ctx, frame);
            } finally {
                frame.release();
            }
        }

        private void answer(ChannelHandlerContext ctx, Frame frame) {
            Pending<?> oldest;
            synchronized (lock) {
                oldest = pending.peekFirst();
                if (oldest != null && oldest.correlationId() == frame.correlationId()) {
                    pending.pollFirst();
                }
            }
            if (oldest == null || oldest.correlationId() != frame.correlationId()) {
                failConnection(ctx, new DisconnectedException("protocol fault: response correlationId="
                        + frame.correlationId() + " (" + describe(frame) + ") but the oldest request in flight is "
                        + (oldest == null ? "none" : "correlationId=" + oldest.correlationId())
                        + "; the broker answers in order, so this stream cannot be trusted"));
            } else if (frame.apiKey() == ApiKey.ERROR) {
                ErrorResponse error = errorOf(frame);
                oldest.response().completeExceptionally(new BrokerException(error.errorCode(), error.errorMessage()));
                failConnection(ctx, new DisconnectedException("the broker answered correlationId="
                        + frame.correlationId() + " with an error frame (" + error.errorCode() + ") and closes the "
                        + "connection to " + remote + "; requests behind it are not answered"));
            } else if (frame.apiKey() != oldest.apiKey()) {
                DisconnectedException mismatch = new DisconnectedException("protocol fault: response correlationId="
                        + frame.correlationId() + " has apiKey=" + frame.apiKey() + ", its request has apiKey="
                        + oldest.apiKey());
                oldest.response().completeExceptionally(mismatch);
                failConnection(ctx, mismatch);
            } else {
                complete(ctx, oldest, frame);
            }
        }

        private <T> void complete(ChannelHandlerContext ctx, Pending<T> request, Frame frame) {
            T response;
            try {
                response = request.reader().read(frame.body());
            } catch (RuntimeException e) {
                // an answer that cannot be read leaves the outcome unknown, as a lost connection does
                DisconnectedException unreadable = new DisconnectedException("response correlationId="
                        + frame.correlationId() + " from " + remote + " does not decode: " + e.getMessage(), e);
                request.response().completeExceptionally(unreadable);
                failConnection(ctx, unreadable);
                return;
            }
            request.response().complete(response);
        }

        private String describe(Frame frame) {
            if (frame.apiKey() != ApiKey.ERROR) {
                return "apiKey=" + frame.apiKey();
            }
            ErrorResponse error = errorOf(frame);
            return "error frame " + error.errorCode() + ": " + error.errorMessage();
        }

        /** The body of an error frame; one that does not decode is reported as what it is, not thrown. */
        private ErrorResponse errorOf(Frame frame) {
            try {
                return codec.decode(ErrorResponse.class, frame.body());
            } catch (RuntimeException e) {
                return new ErrorResponse(ErrorCode.CORRUPT_MESSAGE, "an error frame whose body does not decode: "
                        + e.getMessage());
            }
        }

        private void failConnection(ChannelHandlerContext ctx, DisconnectedException why) {
            fail(why);
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            fail(new DisconnectedException("connection to " + remote + " closed"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failConnection(ctx, new DisconnectedException("connection to " + remote + " failed: " + cause, cause));
        }
    }
}
