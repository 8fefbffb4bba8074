package dev.tenx.common.broker;

import dev.tenx.common.config.AbstractConfig;
import dev.tenx.common.metrics.BrokerCounters;
import io.netty.channel.ChannelPipeline;

/**
 * What the broker admits before it reads a request: handlers put at the head of every connection's
 * pipeline that may bound what a connection or all connections hold (stop reading, close an idle
 * or stalled peer). The backpressure stage swaps this part; before it, nothing is bounded but
 * the frame size and the records per request.
 */
@FunctionalInterface
public interface Admission {

    /** Called for each new connection, on its event-loop thread, before the frame decoder is added. */
    void install(ChannelPipeline pipeline, AbstractConfig config, BrokerCounters counters);

    /** naive: every connection may send as fast as it likes and the broker buffers what it reads. */
    Admission UNBOUNDED = (pipeline, config, counters) -> { };
}
