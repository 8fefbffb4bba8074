package dev.tenx.workshop;

import dev.tenx.common.config.HostPort;
import dev.tenx.common.config.ProducerConfig;
import dev.tenx.common.spi.Consumer;
import dev.tenx.common.spi.Stage;
import dev.tenx.common.spi.Stages;
import dev.tenx.common.spi.BrokerStats;
import dev.tenx.workshop.profile.PhaseWindow;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The client side of one stage run, in the load generator's own JVM ({@link ClientMain}): a
 * {@link DelayProxy} in front of the broker when {@code rtt.ms} is above 0; the closed loop
 * (warm-up, the measured produce window with every counter, the drain); the open loop at
 * {@code latency.rate} of what the closed loop reached (lead-in, measured window, drain); then
 * replay. Either of the last two may be skipped. The producers and the consumer go
 * through the proxy; the Stats connection goes straight to the broker, so that reading counters
 * costs no added round trip and no proxy traffic.
 *
 * <p>Threads: {@link #run} runs on the calling thread, which owns the proxy, the Stats
 * connection and the consumer; the load runs on {@link LoadGenerator}'s threads, the gauges on
 * {@link ProducerGaugeSampler}'s, the forwarding on the proxy's.
 */
final class ClientRun {

    private static final Duration STATS_TIMEOUT = Duration.ofSeconds(30);

    /** Told when each phase begins, before it begins, with how long it is planned to last. */
    @FunctionalInterface
    interface Phases {
        void begin(String name, long plannedMs);
    }

    private final ClientTask task;
    private final Stage stage;
    private final Phases phases;

    ClientRun(ClientTask task, Phases phases) {
        this.task = task;
        this.stage = Stages.byName(task.stage());
        this.phases = phases;
    }

    ClientResult run() throws IOException, InterruptedException {
        InetSocketAddress broker = resolved(HostPort.parse("broker", task.brokerAddress()));
        try (DelayProxy proxy = task.rttMs() > 0 ? startProxy(broker) : null;
             BrokerStats stats = stage.connectStats(broker, task.brokerPid(), STATS_TIMEOUT)) {
            String bootstrap = HostPort.format(proxy == null ? broker : proxy.address());
            Supplier<DelayProxy.Usage> proxyUsage = proxy == null ? () -> DelayProxy.Usage.NONE : proxy::usage;
            Map<String, Object> producerProps = withBootstrap(task.producerProps(), bootstrap);
            Measured measured = produce(stats, proxyUsage, producerProps);
            StageResult.Produce produce = StageResult.Produce.of(measured.window().load(), task.recordSize(),
                    measured.logEnd());
            double offered = OfferedRate.parse(RunnerConfig.LATENCY_RATE, task.latencyRate())
                    .offered(produce.recordsPerSecond());
            StageResult.OpenLoop openLoop = task.latencyMs() > 0 && offered > 0 ? openLoop(producerProps, offered) : null;
            List<PhaseWindow> windows = new ArrayList<>(List.of(measured.window().phase()));
            Replay.Result replay = task.replay()
                    ? replay(withBootstrap(task.consumerProps(), bootstrap), measured.logEnd(), stats, proxyUsage, windows)
                    : null;
            return new ClientResult(ProcessHandle.current().pid(), bootstrap, produce,
                    StageResult.Latency.of(measured.window().load().latencyNanos()), openLoop,
                    replay, measured.window().costs(), measured.window().gauges(), windows);
        }
    }

    /** In front of the broker, or of the route the broker asks a proxy to take ({@link ClientTask#proxyListen()}). */
    private DelayProxy startProxy(InetSocketAddress broker) throws IOException {
        if (task.proxyListen() == null) {
            return DelayProxy.start(broker, task.rttMs());
        }
        return DelayProxy.start(resolved(HostPort.parse("proxyListen", task.proxyListen())),
                resolved(HostPort.parse("proxyTarget", task.proxyTarget())), task.rttMs());
    }

    /** A config address is unresolved ({@link HostPort#parse}); a socket needs it resolved. */
    private static InetSocketAddress resolved(InetSocketAddress address) {
        return new InetSocketAddress(address.getHostString(), address.getPort());
    }

    private static Map<String, Object> withBootstrap(Map<String, Object> props, String bootstrap) {
        Map<String, Object> pointed = new LinkedHashMap<>(props);
        pointed.put(ProducerConfig.BOOTSTRAP_SERVERS, bootstrap);
        return pointed;
    }

    private record Measured(Window window, long logEnd) {
    }

    /** {@code phase}: the window's wall-clock bounds, to which the profile of each JVM is cut. */
    private record Window(LoadGenerator.Window load, Costs costs, ProducerGaugeSampler.Summary gauges,
                          PhaseWindow phase) {
    }

    private Measured produce(BrokerStats stats, Supplier<DelayProxy.Usage> proxyUsage,
                             Map<String, Object> producerProps) throws IOException, InterruptedException {
        LoadGenerator load = new LoadGenerator(task.recordSize(), task.windowRecords(),
                Duration.ofMillis(task.stopTimeoutMs()));
        load.start(task.producers(), () -> stage.newProducer(producerProps));
        Window window;
        try {
            phases.begin("warm-up", task.warmupMs());
            Thread.sleep(task.warmupMs());
            load.throwIfFailed();

            phases.begin("produce", task.durationMs());
            window = measureWindow(load, stats, proxyUsage);
        } catch (Exception | Error e) {
            stopAfterFailure(load::stop, e);
            throw e;
        }
        // Records the window left buffered are sent now, not measured: with a large window and
        // small batches this drain can outlast the window, so the progress line says so.
        phases.begin("drain", task.stopTimeoutMs());
        load.stop();
        // Every producer has flushed and closed: no record is in flight, the log end is final.
        return new Measured(window, load.logEnd());
    }

    /** The measured window: counters at both ends, acknowledgements and gauges in between. */
    private Window measureWindow(LoadGenerator load, BrokerStats stats, Supplier<DelayProxy.Usage> proxyUsage)
            throws IOException, InterruptedException {
        Sample start = Sample.take(task.brokerPid(), stats, proxyUsage);
        ProducerGaugeSampler gauges = ProducerGaugeSampler.start(load.producers());
        LoadGenerator.Window window;
        long startEpochNanos;
        long endEpochNanos;
        try {
            load.beginMeasurement();
            startEpochNanos = PhaseWindow.nowEpochNanos();
            Thread.sleep(task.durationMs());
            endEpochNanos = PhaseWindow.nowEpochNanos();
            window = load.endMeasurement();
        } catch (Exception | Error e) {
            stopAfterFailure(gauges::stop, e);
            throw e;
        }
        ProducerGaugeSampler.Summary summary = gauges.stop();
        Sample end = Sample.take(task.brokerPid(), stats, proxyUsage);
        Costs costs = Costs.between(start, end);
        return new Window(window, costs, summary,
                new PhaseWindow(PhaseWindow.PRODUCE, startEpochNanos, endEpochNanos, costs.records()));
    }

    /**
     * Records due on a timetable at {@code offered} per second, on new producers: a lead-in of
     * {@code warmup.ms}, in which whatever the closed loop left behind settles, then the
     * measured window; then the drain.
     */
    private StageResult.OpenLoop openLoop(Map<String, Object> producerProps, double offered)
            throws InterruptedException {
        LoadGenerator load = LoadGenerator.openLoop(task.recordSize(), task.windowRecords(),
                Duration.ofMillis(task.stopTimeoutMs()), offered, task.warmupMs(), task.latencyMs());
        load.start(task.producers(), () -> stage.newProducer(producerProps));
        try {
            phases.begin("latency lead-in", task.warmupMs());
            Thread.sleep(task.warmupMs());
            load.throwIfFailed();
            phases.begin("latency", task.latencyMs());
            sleepUntil(load.scheduledWindowEndNanos());
        } catch (Exception | Error e) {
            stopAfterFailure(load::stop, e);
            throw e;
        }
        phases.begin("drain", task.stopTimeoutMs());
        load.awaitTimetable(Duration.ofMillis(task.warmupMs()));
        load.stop();
        return StageResult.OpenLoop.of(offered, load.scheduledWindow());
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long leftNanos = nanoTime - System.nanoTime();
        if (leftNanos > 0) {
            TimeUnit.NANOSECONDS.sleep(leftNanos);
        }
    }

    /** Something that stops and may fail doing so: the load, the gauge sampler. */
    @FunctionalInterface
    private interface Stoppable {
        void stop() throws Exception;
    }

    /** Stops after {@code failure}; a second failure while stopping is kept with the first, not instead. */
    private static void stopAfterFailure(Stoppable stoppable, Throwable failure) {
        try {
            stoppable.stop();
        } catch (Exception | Error e) {
            failure.addSuppressed(e);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Reads the log for {@code warmup.ms}, not measured, then for {@code replay.ms}, measured,
     * on one consumer. The broker process has never read its log before: without the warm-up,
     * replay would measure the JIT compiling its read path, and a stage that keeps both cores
     * busy, starving the compiler threads, would look slower than it is. The broker's counters are
     * sampled at both ends of the measured part, for its costs and this JVM's per replayed record;
     * the measured window's bounds are added to {@code windows}.
     */
    private Replay.Result replay(Map<String, Object> consumerProps, long logEnd, BrokerStats stats,
                                 Supplier<DelayProxy.Usage> proxyUsage, List<PhaseWindow> windows) throws IOException {
        try (Consumer consumer = stage.newConsumer(consumerProps)) {
            phases.begin("replay warm-up", task.warmupMs());
            Replay.run(consumer, logEnd, task.warmupMs());
            phases.begin("replay", task.replayMs());
            Sample start = Sample.take(task.brokerPid(), stats, proxyUsage);
            long startEpochNanos = PhaseWindow.nowEpochNanos();
            Replay.Result replay = Replay.run(consumer, logEnd, task.replayMs());
            long endEpochNanos = PhaseWindow.nowEpochNanos();
            Sample end = Sample.take(task.brokerPid(), stats, proxyUsage);
            windows.add(new PhaseWindow(PhaseWindow.REPLAY, startEpochNanos, endEpochNanos, replay.records()));
            return replay.withCosts(Costs.brokerBetween(start, end, replay.records()),
                    Costs.clientBetween(start, end, replay.records()));
        }
    }
}
