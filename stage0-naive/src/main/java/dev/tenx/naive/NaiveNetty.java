package dev.tenx.naive;

import dev.tenx.common.broker.Transport;
import dev.tenx.common.config.HostPort;
import dev.tenx.common.errors.DisconnectedException;
import dev.tenx.common.wire.FrameDecoder;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

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

    /**
     * Stage 0's transport part, broker and clients alike: {@link #ALLOCATOR}, NIO event loops, and
     * nothing added to the pipeline. naive: no flush consolidation, each response its own write(2);
     * each request's body copied behind its header into a new buffer.
     */
    public static final Transport TRANSPORT = new Transport(ALLOCATOR, NaiveNetty::newGroup, pipeline -> { },
            Transport.Framing.COPY);

    private static final long CLIENT_SHUTDOWN_QUIET_MS = 0;
    private static final long CLIENT_SHUTDOWN_TIMEOUT_MS = 0;

    private NaiveNetty() {}

    /** One event-loop API (Netty 4.2's IoHandler) on both sides: NIO, portable, no native code. */
    public static EventLoopGroup newGroup(int threads) {
        return new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
    }

    public static Bootstrap configure(Bootstrap b, Transport transport) {
        return b.option(ChannelOption.ALLOCATOR, transport.allocator())
                // Nagle off, explicitly: with one small request per round trip, Nagle and delayed
                // ACKs would hold each frame back for tens of milliseconds.
                .option(ChannelOption.TCP_NODELAY, true);
    }

    /**
     * Connects one client channel on {@code group}, with these settings: response frames of up
     * to {@link NaiveConnection#MAX_RESPONSE_FRAME_BYTES} are cut by a {@link FrameDecoder} and
     * handed to {@code responses}. When the connection fails, shuts {@code group} down and throws.
     *
     * @throws DisconnectedException naming the address and the reason
     */
    public static Channel connect(Transport transport, EventLoopGroup group, InetSocketAddress address,
                                  int connectTimeoutMs, ChannelHandler responses) {
        ChannelFuture connected = configure(new Bootstrap(), transport)
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMs)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        transport.pipelineHook().accept(ch.pipeline());
                        ch.pipeline().addLast(new FrameDecoder(NaiveConnection.MAX_RESPONSE_FRAME_BYTES), responses);
                    }
                })
                .connect(address.getHostString(), address.getPort())
                // await, not sync: sync would rethrow a ConnectException unchecked, past our clean-up.
                .awaitUninterruptibly();
        if (!connected.isSuccess()) {
            shutdownClientGroup(group).awaitUninterruptibly();
            throw new DisconnectedException("cannot connect to " + HostPort.format(address) + ": " + connected.cause(),
                    connected.cause());
        }
        return connected.channel();
    }

    /**
     * Shuts down a client connection's event-loop group at once: a client has no work to finish
     * when it closes, its requests have completed or failed.
     */
    public static Future<?> shutdownClientGroup(EventLoopGroup group) {
        return group.shutdownGracefully(CLIENT_SHUTDOWN_QUIET_MS, CLIENT_SHUTDOWN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

}
