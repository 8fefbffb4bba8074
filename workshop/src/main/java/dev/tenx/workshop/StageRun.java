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

/**
 * One stage, start to finish: its broker in a child JVM on a fresh log.dir, warm-up, the
 * measured produce window, replay, and the broker stopped and its log.dir deleted (a fast stage
 * writes gigabytes; the broker's stderr log is kept).
 *
 * <p>Threads: everything here runs on the calling thread, which owns the broker process and the
 * Stats connection; the load runs on {@link LoadGenerator}'s threads.
 */
public final class StageRun {

    private static final Duration STATS_TIMEOUT = Duration.ofSeconds(30);
    /**
     * What a load thread gets beyond the producer's {@code request.timeout.ms} to flush and
     * close: by then every record in flight has been acknowledged or has failed.
     */
    private static final Duration LOAD_STOP_MARGIN = Duration.ofSeconds(10);

    private final Stage stage;
    private final RunSettings settings;
    private final Progress progress;

    public StageRun(Stage stage, RunSettings settings, Progress progress) {
        this.stage = stage;
        this.settings = settings;
        this.progress = progress;
    }

    public StageResult run() throws IOException, InterruptedException {
        RunnerConfig runner = settings.runner();
        Path runDir = Files.createDirectories(runner.outputDir().resolve("runs"));
        Path logDir = Files.createTempDirectory(runDir, stage.name() + "-log-");
        Path brokerLog = runDir.resolve(logDir.getFileName() + ".broker.log");
        Map<String, Object> brokerProps = settings.brokerProps(stage, logDir.toString());
        try (BrokerProcess broker = BrokerProcess.start(stage, brokerProps, runner.brokerJvmArgs(), brokerLog)) {
            String bootstrap = HostPort.format(broker.address());
            Map<String, Object> producerProps = settings.producerProps(stage, bootstrap);
            Map<String, Object> consumerProps = settings.consumerProps(stage, bootstrap);
            try (BlockingClient stats = new BlockingClient(broker.address(), stage.encoding(), STATS_TIMEOUT)) {
                Measured measured = produce(broker.pid(), stats, producerProps);
                Replay.Result replay = replay(consumerProps, measured.logEnd());
                return new StageResult(stage.name(), stage.number(), stage.technique(),
                        StageResult.Produce.of(measured.window(), runner.recordSize(), measured.logEnd()),
                        StageResult.Latency.of(measured.window().latencyNanos()),
                        replay, measured.costs(),
                        stage.brokerConfig().parse(brokerProps),
                        stage.producerConfig().parse(producerProps),
                        stage.consumerConfig().parse(consumerProps));
            }
        } finally {
            deleteRecursively(logDir);
        }
    }

    private record Measured(LoadGenerator.Window window, Costs costs, long logEnd) {
    }

    private Measured produce(long brokerPid, BlockingClient stats, Map<String, Object> producerProps)
            throws IOException, InterruptedException {
        RunnerConfig runner = settings.runner();
        LoadGenerator load = new LoadGenerator(runner.recordSize(), runner.windowRecords(),
                loadStopTimeout(producerProps));
        load.start(runner.producers(), () -> stage.newProducer(producerProps));
        LoadGenerator.Window window;
        Costs costs;
        try {
            progress.phase(stage.name() + " warm-up", runner.warmupMs(), load::acknowledged);
            Thread.sleep(runner.warmupMs());
            load.throwIfFailed();

            progress.phase(stage.name() + " produce", runner.durationMs(), load::acknowledged);
            Sample start = Sample.take(brokerPid, stats);
            load.beginMeasurement();
            Thread.sleep(runner.durationMs());
            window = load.endMeasurement();
            Sample end = Sample.take(brokerPid, stats);
            costs = Costs.between(start, end);
        } catch (Exception | Error e) {
            stopAfterFailure(load, e);
            throw e;
        }
        load.stop();
        // Every producer has flushed and closed: no record is in flight, the log end is final.
        return new Measured(window, costs, load.logEnd());
    }

    private Duration loadStopTimeout(Map<String, Object> producerProps) {
        Object requestTimeoutMs = stage.producerConfig().parse(producerProps).get(ProducerConfig.REQUEST_TIMEOUT_MS);
        long ms = requestTimeoutMs instanceof Number n ? n.longValue() : ProducerConfig.DEFAULT_REQUEST_TIMEOUT_MS;
        return Duration.ofMillis(ms).plus(LOAD_STOP_MARGIN);
    }

    /** Stops the load after {@code failure}; a second failure while stopping is kept with the first, not instead. */
    private static void stopAfterFailure(LoadGenerator load, Throwable failure) {
        try {
            load.stop();
        } catch (Exception | Error e) {
            failure.addSuppressed(e);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Replay.Result replay(Map<String, Object> consumerProps, long logEnd) {
        Replay replay = new Replay();
        progress.phase(stage.name() + " replay", settings.runner().replayMaxMs(), replay::recordsRead);
        try (Consumer consumer = stage.newConsumer(consumerProps)) {
            return replay.run(consumer, logEnd, settings.runner().replayMaxMs());
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
