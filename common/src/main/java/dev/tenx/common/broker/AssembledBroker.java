package dev.tenx.common.broker;

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
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The one broker every stage runs, built from that stage's parts: a Netty server whose
 * connections each get a {@link RequestHandler} over the stage's store, produce and fetch paths,
 * response writer and admission, with the stage's codec and transport. A stage changes the
 * broker by swapping a part, never by building a broker of its own.
 *
 * <p>Owns its event-loop groups, its server channel and its store; {@link #close()} releases
 * all three. Thread-safe.
 */
public final class AssembledBroker implements Broker {

    /** The pipeline names of the broker's own handlers, which an {@link Admission.Gate} installs around. */
    public static final String FRAME_DECODER = "tenx.frameDecoder";
    public static final String REQUEST_HANDLER = "tenx.requestHandler";

    private static final long SHUTDOWN_QUIET_MS = 0;
    private static final long SHUTDOWN_TIMEOUT_MS = 5_000;

    private final EventLoopGroup acceptor;
    private final EventLoopGroup workers;
    private final Channel server;
    private final RecordStore store;
    private final BrokerCounters counters;

    private AssembledBroker(EventLoopGroup acceptor, EventLoopGroup workers, Channel server, RecordStore store,
                            BrokerCounters counters) {
        this.acceptor = acceptor;
        this.workers = workers;
        this.server = server;
        this.store = store;
        this.counters = counters;
    }

    /**
     * Parses {@code props} against the parts' config (unknown keys fail here), opens the store,
     * then listens. Fails, releasing everything, when any step fails.
     */
    public static AssembledBroker start(BrokerParts parts, MessageCodec codec, Transport transport,
                                        Map<String, ?> props) throws IOException {
        return start(parts, codec, transport, props, FileChannels.REAL);
    }

    /**
     * The same broker with its store's files opened through {@code files}: a failing or
     * power-losing disk in the reliability run, {@link FileChannels#REAL} everywhere else.
     */
    public static AssembledBroker start(BrokerParts parts, MessageCodec codec, Transport transport,
                                        Map<String, ?> props, FileChannels files) throws IOException {
        BrokerConfig config = new BrokerConfig(parts.config(), props);
        BrokerCounters counters = new BrokerCounters();
        RecordStore store = parts.store().open(config, codec, counters, files);
        EventLoopGroup acceptor = transport.eventLoops().apply(1);
        EventLoopGroup workers = transport.eventLoops().apply(config.getInt(BrokerConfig.NUM_NETWORK_THREADS));
        try {
            BrokerServices services = new BrokerServices(codec, store, parts.produce().create(store),
                    parts.fetch().create(store, counters, config.getInt(BrokerConfig.FETCH_MAX_BYTES)),
                    parts.responses(), new RequestLimits(config.getInt(BrokerConfig.REQUEST_MAX_RECORDS)), counters,
                    System::nanoTime);
            Admission.Gate gate = parts.admission().open(config, counters);
            Channel server = bind(config, gate, transport, acceptor, workers, services);
            return new AssembledBroker(acceptor, workers, server, store, counters);
        } catch (IOException | RuntimeException e) {
            shutdown(acceptor, workers);
            store.close();
            throw e;
        }
    }

    private static Channel bind(BrokerConfig config, Admission.Gate admission, Transport transport,
                                EventLoopGroup acceptor, EventLoopGroup workers, BrokerServices services)
            throws IOException {
        int maxFrameBytes = config.getInt(BrokerConfig.SOCKET_REQUEST_MAX_BYTES);
        InetSocketAddress listen = config.getAddress(BrokerConfig.LISTENERS);
        ServerBootstrap b = new ServerBootstrap()
                .group(acceptor, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.ALLOCATOR, transport.allocator())
                .childOption(ChannelOption.ALLOCATOR, transport.allocator())
                // Nagle off: responses are small and latency-bound; batching is the stages' to do, not the kernel's.
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        transport.pipelineHook().accept(ch.pipeline());
                        ch.pipeline().addLast(FRAME_DECODER, new FrameDecoder(maxFrameBytes))
                                .addLast(REQUEST_HANDLER, new RequestHandler(services));
                        admission.install(ch.pipeline());
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
