package dev.tenx.backpressure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenx.common.broker.Admission;
import dev.tenx.common.broker.AssembledBroker;
import dev.tenx.common.broker.RequestAnswered;
import dev.tenx.common.config.BrokerConfig;
import dev.tenx.common.faults.HostileFrame;
import dev.tenx.common.metrics.BrokerCounters;
import dev.tenx.common.testing.ManualClock;
import dev.tenx.common.wire.ApiKey;
import dev.tenx.common.wire.Encoding;
import dev.tenx.common.wire.FetchRequest;
import dev.tenx.common.wire.Frame;
import dev.tenx.common.wire.FrameDecoder;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The broker's bounds on embedded channels, with a manual clock and a stand-in for the request
 * handler that keeps what reaches it: requests pass the gate until a bound is reached, and then
 * the connection stops reading ({@code autoRead} off) and the frames the last read brought wait
 * at the gate until answers, or a drained socket, lift the bound; the broker-wide bound stops
 * every connection and the answers on one wake another; a partial frame held past
 * {@code request.frame.timeout.ms} while the broker reads closes the connection, an idle one is
 * closed after {@code connections.max.idle.ms}, one over {@code max.connections} at once. Every
 * frame held is released when its connection closes (the leak detector runs at paranoid).
 */
class BoundedAdmissionTest {

    private static final byte[] FRAME = HostileFrame.wellFormed(Encoding.PROTOBUF, ApiKey.FETCH, 1,
            new FetchRequest(0, 10, 1_000)).toBytes();
    private static final int FRAME_BYTES = FRAME.length;
    private static final long FRAME_TIMEOUT_MS = 1_000;
    private static final long IDLE_MS = 60_000;

    private final ManualClock clock = new ManualClock(0);
    private final BrokerCounters counters = new BrokerCounters();
    private final List<EmbeddedChannel> channels = new ArrayList<>();

    /** Stands in for the request handler: keeps each frame it is handed, answered or not. */
    private static final class Served extends ChannelInboundHandlerAdapter {
        final List<Frame> frames = new ArrayList<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            frames.add((Frame) msg);
        }
    }

    private Admission.Gate gate(Map<String, Object> bounds) {
        Map<String, Object> props = new HashMap<>(Map.of(BrokerConfig.LOG_DIR, "unused",
                BackpressureBrokerConfig.REQUEST_FRAME_TIMEOUT_MS, FRAME_TIMEOUT_MS,
                BackpressureBrokerConfig.CONNECTIONS_MAX_IDLE_MS, IDLE_MS));
        props.putAll(bounds);
        BrokerConfig config = new BrokerConfig(BackpressureBrokerConfig.extend(BrokerConfig.CONFIG), props);
        return new BoundedAdmission(clock).open(config, counters);
    }

    private EmbeddedChannel connect(Admission.Gate gate, Served served) throws Exception {
        EmbeddedChannel channel = new EmbeddedChannel(false, false);
        channel.pipeline().addLast(AssembledBroker.FRAME_DECODER, new FrameDecoder(64 * 1024))
                .addLast(AssembledBroker.REQUEST_HANDLER, served);
        gate.install(channel.pipeline());
        channel.register();
        channels.add(channel);
        return channel;
    }

    @AfterEach
    void closeAndRelease() {
        for (EmbeddedChannel channel : channels) {
            channel.finishAndReleaseAll();
        }
        for (Served served : served) {
            served.frames.forEach(Frame::release);
        }
    }

    private final List<Served> served = new ArrayList<>();

    private Served served() {
        Served s = new Served();
        served.add(s);
        return s;
    }

    private static void read(EmbeddedChannel channel, int frames) {
        byte[] bytes = new byte[FRAME_BYTES * frames];
        for (int i = 0; i < frames; i++) {
            System.arraycopy(FRAME, 0, bytes, i * FRAME_BYTES, FRAME_BYTES);
        }
        channel.writeInbound(Unpooled.wrappedBuffer(bytes)); // one socket read bringing them all
    }

    private static void answer(EmbeddedChannel channel, int requests) {
        for (int i = 0; i < requests; i++) {
            channel.pipeline().fireUserEventTriggered(new RequestAnswered(ApiKey.FETCH, FRAME_BYTES));
        }
        channel.runPendingTasks();
    }

    @Test
    void aConnectionAtItsBoundStopsReadingHoldsWhatItReadAndGoesOnWhenAnswered() throws Exception {
        Served served = served();
        EmbeddedChannel channel = connect(gate(Map.of(
                BackpressureBrokerConfig.QUEUED_MAX_REQUEST_BYTES_PER_CONNECTION, 2L * FRAME_BYTES)), served);

        read(channel, 5);

        assertThat(served.frames).as("requests served: the one that reached the bound included").hasSize(2);
        assertThat(channel.config().isAutoRead()).as("reading").isFalse();
        assertThat(counters.readsPausedConnection.sum()).isEqualTo(1);
        assertThat(counters.queuedRequestBytes.sum()).isEqualTo(2L * FRAME_BYTES);

        answer(channel, 1);
        assertThat(served.frames).as("served after one answer: one more, which reaches the bound again").hasSize(3);
        assertThat(channel.config().isAutoRead()).isFalse();

        answer(channel, 3);
        assertThat(served.frames).as("served once everything is answered").hasSize(5);
        assertThat(channel.config().isAutoRead()).as("reading once nothing is held").isTrue();
    }

    @Test
    void theBrokerWideBoundStopsEveryConnectionAndAnswersOnOneWakeAnother() throws Exception {
        Admission.Gate gate = gate(Map.of(BackpressureBrokerConfig.QUEUED_MAX_REQUEST_BYTES, 2L * FRAME_BYTES));
        Served first = served();
        Served second = served();
        EmbeddedChannel a = connect(gate, first);
        EmbeddedChannel b = connect(gate, second);

        read(a, 2);
        read(b, 2);

        assertThat(first.frames).hasSize(2);
        assertThat(second.frames).as("the other connection: its first request crosses the bound and is served")
                .hasSize(1);
        assertThat(b.config().isAutoRead()).isFalse();

        answer(a, 2);
        b.runPendingTasks(); // the wake-up hops to b's event loop

        assertThat(second.frames).as("the other connection, once the first's answers brought the total down")
                .hasSize(2);
        assertThat(counters.readsPausedQueued.sum()).isPositive();
    }

    @Test
    void anUnwritableConnectionServesNothingUntilItsResponsesDrain() throws Exception {
        Served served = served();
        EmbeddedChannel channel = connect(gate(Map.of()), served);
        writable(channel, false);

        read(channel, 3);
        assertThat(served.frames).as("served while above the high water mark").isEmpty();
        assertThat(channel.config().isAutoRead()).isFalse();
        assertThat(counters.readsPausedUnwritable.sum()).isEqualTo(1);

        writable(channel, true);
        assertThat(served.frames).as("served once writable again").hasSize(3);
        assertThat(channel.config().isAutoRead()).isTrue();
    }

    @Test
    void closingReleasesTheHeldFramesAndTheConnectionsShareOfTheBrokerWideQueue() throws Exception {
        Served served = served();
        EmbeddedChannel channel = connect(gate(Map.of(
                BackpressureBrokerConfig.QUEUED_MAX_REQUEST_BYTES_PER_CONNECTION, (long) FRAME_BYTES)), served);
        read(channel, 4);
        assertThat(counters.queuedRequestBytes.sum()).isEqualTo(FRAME_BYTES);

        channel.close();

        assertThat(counters.queuedRequestBytes.sum()).as("queued bytes once the connection closed").isZero();
        // the three frames held at the gate were released: the leak detector, at paranoid, checks it
    }

    @Test
    void aPartialFrameHeldPastTheFrameTimeoutWhileReadClosesTheConnection() throws Exception {
        EmbeddedChannel channel = connect(gate(Map.of()), served());
        channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOf(FRAME, FRAME_BYTES / 2)));

        clock.advanceMs(FRAME_TIMEOUT_MS - 1);
        checkTimeouts(channel);
        assertThat(channel.isActive()).as("open 1 ms before request.frame.timeout.ms").isTrue();

        clock.advanceMs(1);
        checkTimeouts(channel);
        assertThat(channel.isActive()).as("open at request.frame.timeout.ms").isFalse();
        assertThat(counters.connectionsClosedStalled.sum()).isEqualTo(1);
    }

    @Test
    void aPartialFramesClockStopsWhileTheBrokerIsNotReadingAndStartsAgainWhenItReads() throws Exception {
        EmbeddedChannel channel = connect(gate(Map.of()), served());
        channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOf(FRAME, FRAME_BYTES / 2)));
        writable(channel, false);

        clock.advanceMs(10 * FRAME_TIMEOUT_MS);
        checkTimeouts(channel);
        assertThat(channel.isActive()).as("open while the broker is not reading it").isTrue();

        writable(channel, true);
        clock.advanceMs(FRAME_TIMEOUT_MS - 1);
        checkTimeouts(channel);
        assertThat(channel.isActive()).as("open 1 ms before the timeout, counted from the resume").isTrue();
        clock.advanceMs(1);
        checkTimeouts(channel);
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void anIdleConnectionIsClosedButNotOneWithARequestWaiting() throws Exception {
        EmbeddedChannel waiting = connect(gate(Map.of()), served());
        read(waiting, 1);
        EmbeddedChannel idle = connect(gate(Map.of()), served());

        clock.advanceMs(IDLE_MS);
        checkTimeouts(waiting);
        checkTimeouts(idle);

        assertThat(waiting.isActive()).as("a connection whose request is not answered").isTrue();
        assertThat(idle.isActive()).as("a connection idle for connections.max.idle.ms").isFalse();
        assertThat(counters.connectionsClosedIdle.sum()).isEqualTo(1);
    }

    @Test
    void aConnectionOverMaxConnectionsIsClosedAtOnceAndItsPlaceIsFreedByAClose() throws Exception {
        Admission.Gate gate = gate(Map.of(BackpressureBrokerConfig.MAX_CONNECTIONS, 1));
        EmbeddedChannel first = connect(gate, served());
        EmbeddedChannel second = connect(gate, served());

        assertThat(first.isActive()).isTrue();
        assertThat(second.isActive()).as("the connection over max.connections").isFalse();
        assertThat(counters.connectionsRefused.sum()).isEqualTo(1);

        first.close();
        assertThat(connect(gate, served()).isActive()).as("a connection after the first closed").isTrue();
    }

    /** As if the socket stopped taking, or took again, the responses: Netty fires the change as a task. */
    private static void writable(EmbeddedChannel channel, boolean writable) {
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, writable);
        channel.runPendingTasks();
    }

    private static void checkTimeouts(EmbeddedChannel channel) {
        ChannelHandlerContext ctx = channel.pipeline().context(BoundedAdmission.GUARD);
        ((ConnectionGuard) ctx.handler()).checkTimeouts(ctx);
    }
}
