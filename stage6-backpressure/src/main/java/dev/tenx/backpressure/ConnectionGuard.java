package dev.tenx.backpressure;

import dev.tenx.common.metrics.BrokerCounters;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * At the head of a connection's pipeline, where bytes come off the socket: refuses a connection
 * over {@code max.connections}, and closes one that holds part of a frame for longer than
 * {@code request.frame.timeout.ms} while the broker reads it, or that has been idle (nothing read,
 * written or waiting) for {@code connections.max.idle.ms}.
 *
 * <p>Part of a frame is what it has read and the {@link RequestGate} behind the decoder has not
 * seen as whole frames. The clock of a partial frame starts at the read that left it partial, and
 * starts again when the gate resumes reading: a client cannot finish a frame while the broker does
 * not read it. Time comes from the injected {@link Clock}; a timer on the event loop looks every
 * {@link #tickMs} ms, and tests call {@link #checkTimeouts} after moving a manual clock.
 *
 * <p>One per connection; every field is touched only on its event loop.
 */
final class ConnectionGuard extends ChannelDuplexHandler {

    private static final Logger LOG = Logger.getLogger(ConnectionGuard.class.getName());
    private static final long NO_PARTIAL_FRAME = -1;
    /** Timer bounds: often enough that a timeout is late by a small share of itself, rarely enough to cost nothing. */
    private static final long MIN_TICK_MS = 10;
    private static final long MAX_TICK_MS = 1_000;
    private static final int TICKS_PER_TIMEOUT = 4;

    private final RequestGate gate;
    private final AtomicInteger openConnections;
    private final int maxConnections;
    private final long frameTimeoutMs;
    private final long idleTimeoutMs;
    private final BrokerCounters counters;
    private final Clock clock;
    private final long tickMs;
    private long bytesRead;
    private long lastActivityMs;
    private long partialSinceMs = NO_PARTIAL_FRAME;
    private boolean counted;
    private ScheduledFuture<?> timer;

    ConnectionGuard(RequestGate gate, AtomicInteger openConnections, int maxConnections, long frameTimeoutMs,
                    long idleTimeoutMs, BrokerCounters counters, Clock clock) {
        this.gate = gate;
        this.openConnections = openConnections;
        this.maxConnections = maxConnections;
        this.frameTimeoutMs = frameTimeoutMs;
        this.idleTimeoutMs = idleTimeoutMs;
        this.counters = counters;
        this.clock = clock;
        this.tickMs = Math.max(MIN_TICK_MS, Math.min(MAX_TICK_MS, Math.min(frameTimeoutMs, idleTimeoutMs) / TICKS_PER_TIMEOUT));
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (openConnections.incrementAndGet() > maxConnections) {
            openConnections.decrementAndGet();
            counters.connectionsRefused.increment();
            LOG.warning("closing " + ctx.channel() + " at once: the broker has max.connections=" + maxConnections);
            ctx.close(); // the request handler never sees it active: it is not counted as accepted
            return;
        }
        counted = true;
        lastActivityMs = clock.millis();
        timer = ctx.executor().scheduleAtFixedRate(() -> checkTimeouts(ctx), tickMs, tickMs, TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf bytes) {
            bytesRead += bytes.readableBytes();
            lastActivityMs = clock.millis();
        }
        ctx.fireChannelRead(msg); // the decoder and the gate see every whole frame of it before this returns
        boolean partial = bytesRead > gate.framedBytes();
        if (!partial) {
            partialSinceMs = NO_PARTIAL_FRAME;
        } else if (partialSinceMs == NO_PARTIAL_FRAME) {
            partialSinceMs = clock.millis();
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        lastActivityMs = clock.millis();
        ctx.write(msg, promise);
    }

    /** Closes the connection if a partial frame or idleness has lasted too long. */
    void checkTimeouts(ChannelHandlerContext ctx) {
        if (!ctx.channel().isActive()) {
            return;
        }
        long nowMs = clock.millis();
        if (partialSinceMs != NO_PARTIAL_FRAME && !gate.isPaused()) {
            long heldMs = nowMs - Math.max(partialSinceMs, gate.resumedAtMs());
            if (heldMs >= frameTimeoutMs) {
                counters.connectionsClosedStalled.increment();
                LOG.warning("closing " + ctx.channel() + ": it has held part of a frame (" + (bytesRead - gate.framedBytes())
                        + " bytes) for " + heldMs + " ms, request.frame.timeout.ms=" + frameTimeoutMs);
                ctx.close();
                return;
            }
        }
        if (partialSinceMs == NO_PARTIAL_FRAME && gate.isIdle() && nowMs - lastActivityMs >= idleTimeoutMs) {
            counters.connectionsClosedIdle.increment();
            LOG.info("closing " + ctx.channel() + ": idle for " + (nowMs - lastActivityMs)
                    + " ms, connections.max.idle.ms=" + idleTimeoutMs);
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (counted) {
            counted = false;
            openConnections.decrementAndGet();
        }
        if (timer != null) {
            timer.cancel(false);
        }
        ctx.fireChannelInactive();
    }
}
