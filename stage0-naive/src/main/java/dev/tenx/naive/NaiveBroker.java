package dev.tenx.naive;

import dev.tenx.common.config.BrokerConfig;
import dev.tenx.common.config.HostPort;
import dev.tenx.common.metrics.BrokerCounters;
import dev.tenx.common.spi.Broker;
import dev.tenx.common.wire.FrameDecoder;
import dev.tenx.common.wire.MessageCodec;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A Netty server in front of a {@link RecordStore}: the broker of stage 0, and the composition
 * later stages reuse with another store or codec.
 *
 * <p>Owns its event-loop groups, its server channel and its store; {@link #close()} releases
 * all three. Thread-safe.
 */
public final class NaiveBroker implements Broker {

    private static final long SHUTDOWN_QUIET_MS = 0;
    private static final long SHUTDOWN_TIMEOUT_MS = 5_000;

    private final EventLoopGroup acceptor;
    private final EventLoopGroup workers;
    private final Channel server;
    private final RecordStore store;
    private final BrokerCounters counters;

    private NaiveBroker(EventLoopGroup acceptor, EventLoopGroup workers, Channel server,
                        RecordStore store, BrokerCounters counters) {
        this.acceptor = acceptor;
        this.workers = workers;
        this.server = server;
        this.store = store;
        this.counters = counters;
    }

    /** Opens the store, then listens. Fails, releasing everything, when either fails. */
    public static NaiveBroker start(BrokerConfig config, RecordStoreFactory storeFactory, MessageCodec codec)
            throws IOException {
        return start(config, storeFactory, codec, ProduceHandler::appendingTo);
    }

    /**
     * As {@link #start(BrokerConfig, RecordStoreFactory, MessageCodec)}, with the produce path
     * built by {@code produceHandler} on top of the store: how a later stage puts a check in
     * front of the append without touching the rest of the broker.
     */
    public static NaiveBroker start(BrokerConfig config, RecordStoreFactory storeFactory, MessageCodec codec,
                                    Function<RecordStore, ProduceHandler> produceHandler) throws IOException {
        BrokerCounters counters = new BrokerCounters();
        RecordStore store = storeFactory.open(Path.of(config.getString(BrokerConfig.LOG_DIR)), counters);
        EventLoopGroup acceptor = NaiveNetty.newGroup(1);
        EventLoopGroup workers = NaiveNetty.newGroup(config.getInt(BrokerConfig.NUM_NETWORK_THREADS));
        try {
            Channel server = bind(config, acceptor, workers, new BrokerHandler(store, produceHandler.apply(store),
                    codec, counters, config.getInt(BrokerConfig.FETCH_MAX_BYTES)));
            return new NaiveBroker(acceptor, workers, server, store, counters);
        } catch (IOException | RuntimeException e) {
            shutdown(acceptor, workers);
            store.close();
            throw e;
        }
    }

    private static Channel bind(BrokerConfig config, EventLoopGroup acceptor, EventLoopGroup workers,
                                BrokerHandler handler) throws IOException {
        int maxFrameBytes = config.getInt(BrokerConfig.SOCKET_REQUEST_MAX_BYTES);
        InetSocketAddress listen = config.getAddress(BrokerConfig.LISTENERS);
        ServerBootstrap b = NaiveNetty.configure(new ServerBootstrap())
                .group(acceptor, workers)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new FrameDecoder(maxFrameBytes), handler);
                    }
                });
        // await, not sync: sync would rethrow a BindException unchecked, past our clean-up.
        ChannelFuture bound = b.bind(listen.getHostString(), listen.getPort()).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new IOException("cannot listen on " + HostPort.format(listen) + ": " + bound.cause(), bound.cause());
        }
        return bound.channel();
    }

    @Override
    public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    @Override
    public Map<String, Long> counters() {
        return counters.snapshot();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        shutdown(acceptor, workers);
        try {
            store.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing the store failed", e);
        }
    }

    private static void shutdown(EventLoopGroup... groups) {
        for (EventLoopGroup g : groups) {
            g.shutdownGracefully(SHUTDOWN_QUIET_MS, SHUTDOWN_TIMEOUT_MS, TimeUnit.MILLISECONDS).syncUninterruptibly();
        }
    }
}
