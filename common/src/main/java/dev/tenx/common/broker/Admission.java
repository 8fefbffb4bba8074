package dev.tenx.common.broker;

import dev.tenx.common.config.AbstractConfig;
import dev.tenx.common.metrics.BrokerCounters;
import io.netty.channel.ChannelPipeline;

/**
 * What the broker admits: handlers on every connection that may bound what one connection or all
 * of them hold (stop reading, close an idle or stalled peer, refuse a connection over a cap). The
 * backpressure stage swaps this part; before it, nothing is bounded but the frame size and the
 * records per request.
 *
 * <p>{@link #open} runs once per broker start, so that what its connections share (a budget of
 * bytes across all of them, a count of connections) lives exactly as long as that broker; the
 * {@link Gate} it returns installs handlers on each new connection. A gate may put handlers at
 * the head of the pipeline ({@code addFirst}: raw bytes, writability) and between the frame
 * decoder and the request handler ({@code addBefore(AssembledBroker.REQUEST_HANDLER, ...)}:
 * whole frames, before any is served). The request handler tells the pipeline when it has
 * answered a request by firing a {@link RequestAnswered} user event from the head, so that a
 * gate that counted the request in can count it out.
 */
@FunctionalInterface
public interface Admission {

    /** Called once per broker, before it listens; {@code config} is the broker's, {@code counters} its Stats. */
    Gate open(AbstractConfig config, BrokerCounters counters);

    /** One broker's admission. Thread-safe: installs run on every connection's event loop. */
    @FunctionalInterface
    interface Gate {

        /**
         * Called for each new connection, on its event-loop thread, after the broker's own
         * handlers ({@link AssembledBroker#FRAME_DECODER}, {@link AssembledBroker#REQUEST_HANDLER})
         * and the transport's are in the pipeline, before the connection is active.
         */
        void install(ChannelPipeline pipeline);
    }

    /** naive: every connection may send as fast as it likes and the broker buffers what it reads. */
    Admission UNBOUNDED = (config, counters) -> pipeline -> { };
}
