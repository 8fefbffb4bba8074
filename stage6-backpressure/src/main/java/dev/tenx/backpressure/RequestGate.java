package dev.tenx.backpressure;

import dev.tenx.common.broker.RequestAnswered;
import dev.tenx.common.metrics.BrokerCounters;
import dev.tenx.common.wire.Frame;
import dev.tenx.common.wire.FrameDescriptor;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.time.Clock;
import java.util.ArrayDeque;

/**
 * Stands between a connection's frame decoder and its request handler and lets a request through
 * only while the connection may take on more: the place where the broker stops reading instead of
 * buffering. Three reasons stop it, each a bit of {@link #pausedFor}:
 * <ul>
 *   <li>{@link #UNWRITABLE}: the connection's unsent responses are above the high water mark (Netty's
 *       writability), so a client that reads no responses gets none built until it reads;
 *   <li>{@link #CONNECTION_FULL}: the connection's requests read and not yet answered reached
 *       {@code queued.max.request.bytes.per.connection};
 *   <li>{@link #BROKER_FULL}: all connections' together reached {@code queued.max.request.bytes}.
 * </ul>
 * While any holds, Netty's {@code autoRead} is off, so no more bytes are read from the socket (the
 * client's writes back up into its own TCP buffers, then its send calls), and the frames that the
 * last read already brought wait here, at most one read's worth. Turning {@code autoRead} off alone
 * would not do: one read of 64 KiB holds two thousand fetch requests, and the decoder hands them
 * all on at once, each worth up to {@code fetch.max.bytes} of response.
 *
 * <p>A request is counted in when it passes, by its frame's bytes, and out when the request
 * handler says it is answered ({@link RequestAnswered}); a request that crosses a bound is still
 * served: the bound stops the next.
 *
 * <p>One per connection. Everything but {@link #brokerQueueBelowBound} runs on the connection's
 * event loop; that one hops to it.
 */
final class RequestGate extends ChannelInboundHandlerAdapter {

    static final int UNWRITABLE = 1;
    static final int CONNECTION_FULL = 1 << 1;
    static final int BROKER_FULL = 1 << 2;

    private final QueuedBytes brokerQueue;
    private final long connectionMaxBytes;
    private final BrokerCounters counters;
    private final Clock clock;
    private final ArrayDeque<Frame> held = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    /** This connection's request bytes counted in and not yet out. */
    private long queuedBytes;
    /** Every frame's bytes that reached this gate: what the {@link ConnectionGuard} subtracts from bytes read. */
    private long framedBytes;
    private int pausedFor;
    private long resumedAtMs;
    private boolean serving;
    private boolean closed;

    RequestGate(QueuedBytes brokerQueue, long connectionMaxBytes, BrokerCounters counters, Clock clock) {
        this.brokerQueue = brokerQueue;
        this.connectionMaxBytes = connectionMaxBytes;
        this.counters = counters;
        this.clock = clock;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.resumedAtMs = clock.millis();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Frame frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        framedBytes += frameBytes(frame);
        held.addLast(frame);
        serveHeld();
    }

    /**
     * Hands held frames on while nothing stops it. Not re-entered: serving a request may answer
     * it at once and so resume the gate from inside this loop, which then simply goes on.
     */
    private void serveHeld() {
        if (serving) {
            return;
        }
        serving = true;
        try {
            while (pausedFor == 0 && !held.isEmpty()) {
                Frame frame = held.pollFirst();
                countIn(frameBytes(frame));
                ctx.fireChannelRead(frame);
            }
        } finally {
            serving = false;
        }
    }

    private void countIn(int bytes) {
        queuedBytes += bytes;
        // backpressure: a bound reached stops the next request, not this one, which is already read.
        if (brokerQueue.add(bytes)) {
            pause(BROKER_FULL);
            brokerQueue.wakeWhenBelow(this);
        }
        if (queuedBytes >= connectionMaxBytes) {
            pause(CONNECTION_FULL);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof RequestAnswered answered && !closed) {
            queuedBytes -= answered.requestFrameBytes();
            brokerQueue.release(answered.requestFrameBytes());
            if (queuedBytes < connectionMaxBytes) {
                resume(CONNECTION_FULL);
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        // backpressure: responses pile up in the outbound buffer; stop making more until the socket takes them.
        if (ctx.channel().isWritable()) {
            resume(UNWRITABLE);
        } else {
            pause(UNWRITABLE);
        }
        ctx.fireChannelWritabilityChanged();
    }

    /** Called on any thread once the broker-wide total is below its bound. */
    void brokerQueueBelowBound() {
        ctx.executor().execute(() -> {
            if (closed) {
                return;
            }
            if (brokerQueue.isFull()) {
                brokerQueue.wakeWhenBelow(this); // full again by the time this ran
            } else {
                resume(BROKER_FULL);
            }
        });
    }

    private void pause(int reason) {
        if ((pausedFor & reason) != 0) {
            return;
        }
        if (pausedFor == 0) {
            ctx.channel().config().setAutoRead(false);
        }
        pausedFor |= reason;
        switch (reason) {
            case UNWRITABLE -> counters.readsPausedUnwritable.increment();
            case CONNECTION_FULL -> counters.readsPausedConnection.increment();
            default -> counters.readsPausedQueued.increment();
        }
    }

    private void resume(int reason) {
        if ((pausedFor & reason) == 0) {
            return;
        }
        pausedFor &= ~reason;
        if (pausedFor == 0 && !closed) {
            resumedAtMs = clock.millis();
            serveHeld();
            if (pausedFor == 0) {
                ctx.channel().config().setAutoRead(true); // and reads at once
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        close();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        close();
    }

    /** Gives back what this connection held: its frames not served, its share of the broker-wide queue. */
    private void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Frame frame = held.pollFirst(); frame != null; frame = held.pollFirst()) {
            frame.release();
        }
        brokerQueue.release(queuedBytes);
        queuedBytes = 0;
    }

    private static int frameBytes(Frame frame) {
        return FrameDescriptor.frameLength(frame.body().readableBytes());
    }

    boolean isPaused() {
        return pausedFor != 0;
    }

    /** When reading last started again after a pause (or the connection opened). */
    long resumedAtMs() {
        return resumedAtMs;
    }

    long framedBytes() {
        return framedBytes;
    }

    /** No request read and not answered, none held. */
    boolean isIdle() {
        return queuedBytes == 0 && held.isEmpty();
    }

    int pausedFor() {
        return pausedFor;
    }

    long queuedBytes() {
        return queuedBytes;
    }
}
