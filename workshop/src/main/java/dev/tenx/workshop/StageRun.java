package dev.tenx.workshop;

import dev.tenx.common.config.HostPort;
import dev.tenx.common.config.ProducerConfig;
import dev.tenx.common.process.BrokerProcess;
import dev.tenx.common.spi.Consumer;
import dev.tenx.common.spi.Stage;
import dev.tenx.common.wire.BlockingClient;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One stage at one added round trip (and, in a sweep, one combination of swept values), start to
 * finish: its broker in a child JVM on a fresh log.dir, a {@link DelayProxy} in front of it when
 * {@code rtt.ms} is above 0, warm-up, the measured produce window, replay unless skipped, then
 * the proxy closed, the broker stopped and its log.dir deleted (a fast stage writes gigabytes;
 * the broker's stderr log is kept). The producers and the consumer go through the proxy; the
 * Stats connection goes straight to the broker, so that reading counters costs no added round
 * trip and no proxy traffic.
 *
 * <p>Threads: everything here runs on the calling thread, which owns the broker process, the
 * proxy and the Stats connection; the load runs on {@link LoadGenerator}'s threads, the gauges
 * on {@link ProducerGaugeSampler}'s, the forwarding on the proxy's.
 */
public final class StageRun {

    private static final Duration STATS_TIMEOUT = Duration.ofSeconds(30);
    /**
     * What a load thread gets beyond the producer's {@code request.timeout.ms} to flush and
     * close: by then every record in flight has been acknowledged or has failed.
     */
    private static final Duration LOAD_STOP_MARGIN = Duration.ofSeconds(10);

    /**
     * Which run of the stage this is. Immutable.
     *
     * @param rttMs  the round trip to add; 0 connects the clients straight to the broker
     * @param sweep  the swept keys' values for this run; empty outside a sweep
     * @param replay false to skip the replay (sweeps measure produce only)
     */
    public record Variant(double rttMs, Map<String, String> sweep, boolean replay) {

        /** What the progress line calls this run. */
        String label(Stage stage) {
            StringBuilder sb = new StringBuilder(stage.name()).append(" rtt.ms=").append(Format.plain(rttMs));
            sweep.forEach((key, value) -> sb.append(' ').append(key).append('=').append(value));
            return sb.toString();
        }
    }

    private final Stage stage;
    private final RunSettings settings;
    private final Progress progress;
    private final Variant variant;
    private final String label;

    /** {@code settings} are the run's; the variant's swept values are layered over them here. */
    public StageRun(Stage stage, RunSettings settings, Progress progress, Variant variant) {
        this.stage = stage;
        this.settings = settings.with(variant.sweep());
        this.progress = progress;
        this.variant = variant;
        this.label = variant.label(stage);
    }

    public StageResult run() throws IOException, InterruptedException {
        RunnerConfig runner = settings.runner();
        Path runDir = Files.createDirectories(runner.outputDir().resolve("runs"));
        Path logDir = Files.createTempDirectory(runDir, stage.name() + "-log-");
        Path brokerLog = runDir.resolve(logDir.getFileName() + ".broker.log");
        Map<String, Object> brokerProps = settings.brokerProps(stage, logDir.toString());
        try (BrokerProcess broker = BrokerProcess.start(stage, brokerProps, runner.brokerJvmArgs(), brokerLog);
             DelayProxy proxy = variant.rttMs() > 0 ? DelayProxy.start(broker.address(), variant.rttMs()) : null) {
            String bootstrap = HostPort.format(proxy == null ? broker.address() : proxy.address());
            Map<String, Object> producerProps = settings.producerProps(stage, bootstrap);
            Map<String, Object> consumerProps = settings.consumerProps(stage, bootstrap);
            Supplier<DelayProxy.Usage> proxyUsage = proxy == null ? () -> DelayProxy.Usage.NONE : proxy::usage;
            try (BlockingClient stats = new BlockingClient(broker.address(), stage.encoding(), STATS_TIMEOUT)) {
                Measured measured = produce(broker.pid(), stats, proxyUsage, producerProps);
                Replay.Result replay = variant.replay() ? replay(consumerProps, measured.logEnd()) : null;
                return new StageResult(stage.name(), stage.number(), stage.technique(),
                        variant.rttMs(), variant.sweep(),
                        StageResult.Produce.of(measured.window().load(), runner.recordSize(), measured.logEnd()),
                        StageResult.Latency.of(measured.window().load().latencyNanos()),
                        replay, measured.window().costs(), measured.window().gauges(),
                        stage.brokerConfig().parse(brokerProps),
                        stage.producerConfig().parse(producerProps),
                        stage.consumerConfig().parse(consumerProps));
            }
        } finally {
            deleteRecursively(logDir);
        }
    }

    private record Measured(Window window, long logEnd) {
    }

    private record Window(LoadGenerator.Window load, Costs costs, ProducerGaugeSampler.Summary gauges) {
    }

    private Measured produce(long brokerPid, BlockingClient stats, Supplier<DelayProxy.Usage> proxyUsage,
                             Map<String, Object> producerProps) throws IOException, InterruptedException {
        RunnerConfig runner = settings.runner();
        LoadGenerator load = new LoadGenerator(runner.recordSize(), runner.windowRecords(),
                loadStopTimeout(producerProps));
        load.start(runner.producers(), () -> stage.newProducer(producerProps));
        Window window;
        try {
            progress.phase(label + " warm-up", runner.warmupMs(), load::acknowledged);
            Thread.sleep(runner.warmupMs());
            load.throwIfFailed();

            progress.phase(label + " produce", runner.durationMs(), load::acknowledged);
            window = measureWindow(load, brokerPid, stats, proxyUsage);
        } catch (Exception | Error e) {
            stopAfterFailure(load::stop, e);
            throw e;
        }
        // Records the window left buffered are sent now, not measured: with a large window and
        // small batches this drain can outlast the window, so the progress line says so.
        progress.phase(label + " drain", loadStopTimeout(producerProps).toMillis(), load::acknowledged);
        load.stop();
        // Every producer has flushed and closed: no record is in flight, the log end is final.
        return new Measured(window, load.logEnd());
    }

    /** The measured window: counters at both ends, acknowledgements and gauges in between. */
    private Window measureWindow(LoadGenerator load, long brokerPid, BlockingClient stats,
                                 Supplier<DelayProxy.Usage> proxyUsage) throws IOException, InterruptedException {
        Sample start = Sample.take(brokerPid, stats, proxyUsage);
        ProducerGaugeSampler gauges = ProducerGaugeSampler.start(load.producers());
        LoadGenerator.Window window;
        try {
            load.beginMeasurement();
            Thread.sleep(settings.runner().durationMs());
            window = load.endMeasurement();
        } catch (Exception | Error e) {
            stopAfterFailure(gauges::stop, e);
            throw e;
        }
        ProducerGaugeSampler.Summary summary = gauges.stop();
        Sample end = Sample.take(brokerPid, stats, proxyUsage);
        return new Window(window, Costs.between(start, end), summary);
    }

    private Duration loadStopTimeout(Map<String, Object> producerProps) {
        Object requestTimeoutMs = stage.producerConfig().parse(producerProps).get(ProducerConfig.REQUEST_TIMEOUT_MS);
        long ms = requestTimeoutMs instanceof Number n ? n.longValue() : ProducerConfig.DEFAULT_REQUEST_TIMEOUT_MS;
        return Duration.ofMillis(ms).plus(LOAD_STOP_MARGIN);
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
     * busy, starving the compiler threads, would look slower than it is.
     */
    private Replay.Result replay(Map<String, Object> consumerProps, long logEnd) {
        RunnerConfig runner = settings.runner();
        try (Consumer consumer = stage.newConsumer(consumerProps)) {
            Replay warmUp = new Replay();
            progress.phase(label + " replay warm-up", runner.warmupMs(), warmUp::recordsRead);
            warmUp.run(consumer, logEnd, runner.warmupMs());
            Replay replay = new Replay();
            progress.phase(label + " replay", runner.replayMs(), replay::recordsRead);
            return replay.run(consumer, logEnd, runner.replayMs());
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
