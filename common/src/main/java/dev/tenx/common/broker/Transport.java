package dev.tenx.common.broker;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * How bytes move between sockets and buffers, on both sides of a connection: the buffer
 * allocator, the event-loop groups, and a hook that may add handlers to every pipeline in front
 * of the frame decoder (flush consolidation, for example). Stage 0 chooses unpooled heap buffers
 * and nothing in the pipeline; the fewer-copies stage swaps this part.
 *
 * @param allocator    every channel's {@code ChannelOption.ALLOCATOR}
 * @param eventLoops   a new event-loop group of the given number of threads
 * @param pipelineHook called on each new channel's pipeline before the tenx handlers are added
 */
public record Transport(ByteBufAllocator allocator, IntFunction<EventLoopGroup> eventLoops,
                        Consumer<ChannelPipeline> pipelineHook) {

    /** This transport with {@code hook} run after the current one on every new pipeline. */
    public Transport withPipelineHook(Consumer<ChannelPipeline> hook) {
        return new Transport(allocator, eventLoops, pipelineHook.andThen(hook));
    }

    public Transport withAllocator(ByteBufAllocator newAllocator) {
        return new Transport(newAllocator, eventLoops, pipelineHook);
    }
}
