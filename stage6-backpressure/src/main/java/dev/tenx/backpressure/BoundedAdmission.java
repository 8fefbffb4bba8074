package dev.tenx.backpressure;

import dev.tenx.common.broker.Admission;
import dev.tenx.common.broker.AssembledBroker;
import dev.tenx.common.config.AbstractConfig;
import dev.tenx.common.metrics.BrokerCounters;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * This stage's admission part: every queue on the broker side bounded. Each broker started gets
 * its own broker-wide state (the queued bytes of {@code queued.max.request.bytes} and the count
 * of open connections); each connection gets its write-buffer water marks, a
 * {@link ConnectionGuard} at the head of its pipeline and a {@link RequestGate} in front of its
 * request handler. What the broker can hold for its clients is then, at most: per connection, a
 * partial frame ({@code socket.request.max.bytes}), one read of whole frames held at the gate, and
 * its unsent responses up to the high water mark plus one response; times {@code max.connections}.
 * Immutable; thread-safe.
 */
public final class BoundedAdmission implements Admission {

    static final String GUARD = "tenx.connectionGuard";
    static final String GATE = "tenx.requestGate";

    private final Clock clock;

    /** {@code clock}: when partial frames and idleness are timed; a monotonic one in the stage, a manual one in tests. */
    public BoundedAdmission(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Gate open(AbstractConfig config, BrokerCounters counters) {
        BackpressureBrokerConfig.checkWaterMarks(config);
        QueuedBytes brokerQueue = new QueuedBytes(config.getLong(BackpressureBrokerConfig.QUEUED_MAX_REQUEST_BYTES), counters);
        AtomicInteger openConnections = new AtomicInteger();
        WriteBufferWaterMark waterMark = new WriteBufferWaterMark(
                config.getInt(BackpressureBrokerConfig.WRITE_BUFFER_LOW_WATER_MARK),
                config.getInt(BackpressureBrokerConfig.WRITE_BUFFER_HIGH_WATER_MARK));
        long connectionMaxBytes = config.getLong(BackpressureBrokerConfig.QUEUED_MAX_REQUEST_BYTES_PER_CONNECTION);
        int maxConnections = config.getInt(BackpressureBrokerConfig.MAX_CONNECTIONS);
        long frameTimeoutMs = config.getLong(BackpressureBrokerConfig.REQUEST_FRAME_TIMEOUT_MS);
        long idleMs = config.getLong(BackpressureBrokerConfig.CONNECTIONS_MAX_IDLE_MS);
        return pipeline -> install(pipeline, waterMark,
                new RequestGate(brokerQueue, connectionMaxBytes, counters, clock),
                openConnections, maxConnections, frameTimeoutMs, idleMs, counters);
    }

    private void install(ChannelPipeline pipeline, WriteBufferWaterMark waterMark, RequestGate gate,
                         AtomicInteger openConnections, int maxConnections, long frameTimeoutMs, long idleMs,
                         BrokerCounters counters) {
        pipeline.channel().config().setWriteBufferWaterMark(waterMark);
        pipeline.addFirst(GUARD, new ConnectionGuard(gate, openConnections, maxConnections, frameTimeoutMs, idleMs,
                counters, clock));
        pipeline.addBefore(AssembledBroker.REQUEST_HANDLER, GATE, gate);
    }
}
