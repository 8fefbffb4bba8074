package dev.tenx.naive;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;

/**
 * The Netty settings of stage 0, in one place, each naive choice explicit. Netty does several
 * things for us by default that this stage must not get for free, or later stages would have
 * nothing to measure.
 */
public final class NaiveNetty {

    /**
     * naive: unpooled heap buffers, a fresh allocation per frame, and a copy into a direct
     * buffer inside the JDK on every socket write. Netty's default is pooled direct buffers;
     * the fewer-copies stage turns them back on.
     */
    public static final ByteBufAllocator ALLOCATOR = new UnpooledByteBufAllocator(false);

    private NaiveNetty() {}

    /** One event-loop API (Netty 4.2's IoHandler) on both sides: NIO, portable, no native code. */
    public static EventLoopGroup newGroup(int threads) {
        return new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
    }

    public static Bootstrap configure(Bootstrap b) {
        return b.option(ChannelOption.ALLOCATOR, ALLOCATOR)
                // Nagle off, explicitly: with one small request per round trip, Nagle and delayed
                // ACKs would hold each frame back for tens of milliseconds.
                .option(ChannelOption.TCP_NODELAY, true);
    }

    public static ServerBootstrap configure(ServerBootstrap b) {
        return b.option(ChannelOption.ALLOCATOR, ALLOCATOR)
                .childOption(ChannelOption.ALLOCATOR, ALLOCATOR)
                .childOption(ChannelOption.TCP_NODELAY, true);
    }
}
