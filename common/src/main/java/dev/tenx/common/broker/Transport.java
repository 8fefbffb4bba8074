package dev.tenx.common.broker;

import dev.tenx.common.wire.ApiKey;
import dev.tenx.common.wire.Encoding;
import dev.tenx.common.wire.Frames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * How bytes move between sockets and buffers, on both sides of a connection: the buffer
 * allocator, the event-loop groups, a hook that may add handlers to every pipeline in front
 * of the frame decoder (flush consolidation, for example), and how a client puts a request's
 * header and body together. Stage 0 chooses unpooled heap buffers, nothing in the pipeline and
 * a copy of each body behind its header; the fewer-copies stage swaps this part.
 *
 * @param allocator    every channel's {@code ChannelOption.ALLOCATOR}
 * @param eventLoops   a new event-loop group of the given number of threads
 * @param pipelineHook called on each new channel's pipeline before the tenx handlers are added
 * @param framing      how a client frames a request body it has encoded
 */
public record Transport(ByteBufAllocator allocator, IntFunction<EventLoopGroup> eventLoops,
                        Consumer<ChannelPipeline> pipelineHook, Framing framing) {

    /**
     * Builds one request frame around a body already encoded. Called on the sending thread; the
     * frame holds what it needs of {@code body} (a copy, or a reference of its own), and the
     * caller still releases its own.
     */
    @FunctionalInterface
    public interface Framing {

        ByteBuf frame(ByteBufAllocator alloc, Encoding encoding, ApiKey apiKey, int correlationId, ByteBuf body);

        /** naive: a new buffer per request, the header written and the body copied in behind it. */
        Framing COPY = Frames::encode;
    }

    /** This transport with {@code hook} run after the current one on every new pipeline. */
    public Transport withPipelineHook(Consumer<ChannelPipeline> hook) {
        return new Transport(allocator, eventLoops, pipelineHook.andThen(hook), framing);
    }

    public Transport withAllocator(ByteBufAllocator newAllocator) {
        return new Transport(newAllocator, eventLoops, pipelineHook, framing);
    }

    public Transport withFraming(Framing newFraming) {
        return new Transport(allocator, eventLoops, pipelineHook, newFraming);
    }
}
