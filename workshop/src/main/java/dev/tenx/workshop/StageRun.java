package dev.tenx.workshop;

import dev.tenx.common.config.HostPort;
import dev.tenx.common.config.ProducerConfig;
import dev.tenx.common.process.BrokerProcess;
import dev.tenx.common.spi.Stage;
import dev.tenx.workshop.profile.PhaseWindow;
import dev.tenx.workshop.profile.StageProfile;
import dev.tenx.workshop.profile.StageProfiler;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One stage in one repetition of one scenario (and, in a sweep, one combination of swept values),
 * start to finish, from the runner's side: its broker in a child JVM on a fresh log.dir, then the load
 * generator in a child JVM of its own ({@link ClientProcess}, which runs {@link ClientRun}),
 * then the broker stopped and its log.dir deleted (a fast stage writes gigabytes; the broker's
 * and the client's logs are kept, unless empty); with {@code profile=true}, both JVMs record themselves
 * with JFR and their recordings are read once both have exited ({@link StageProfiler}). This JVM
 * measures nothing itself: it only starts, waits and
 * collects, so that neither its JIT nor its heap shows in any figure.
 *
 * <p>Threads: everything here runs on the calling thread, which owns both child processes.
 */
public final class StageRun {

    /**
     * What a load thread gets beyond the producer's {@code request.timeout.ms} to flush and
     * close: by then every record in flight has been acknowledged or has failed.
     */
    private static final Duration LOAD_STOP_MARGIN = Duration.ofSeconds(10);
    /** Beyond its planned phases, what the client JVM may take to start, connect and write its result. */
    private static final Duration CLIENT_START_AND_EXIT = Duration.ofSeconds(60);
    private static final String BROKER_LOG_SUFFIX = ".broker.log";

    private final RunPlan.Cell cell;
    private final Stage stage;
    private final RunSettings settings;
    private final Progress progress;
    private final String label;

    /**
     * {@code settings} are the run's; the cell's swept values are layered over them here.
     * {@code position} ("3/21") goes on the progress line.
     */
    public StageRun(RunPlan.Cell cell, RunSettings settings, Progress progress, String position) {
        this.cell = cell;
        this.stage = cell.stage();
        this.settings = settings.with(cell.sweep());
        this.progress = progress;
        this.label = "[" + position + "] " + cell.label();
    }

    public StageResult run() throws IOException, InterruptedException {
        RunnerConfig runner = settings.runner();
        Path runDir = Files.createDirectories(runner.outputDir().resolve("runs"));
        Path logDir = Files.createTempDirectory(runDir, stage.name() + "-log-");
        Path files = runDir.resolve(logDir.getFileName().toString());
        Map<String, Object> brokerProps = settings.brokerProps(stage, logDir.toString());
        StageProfiler profiler = runner.profile() ? StageProfiler.forRun(files, cell.label().replace(' ', '-')) : null;
        StageResult result;
        List<PhaseWindow> windows;
        try (BrokerProcess broker = BrokerProcess.start(stage, brokerProps,
                withProfiling(runner.brokerJvmArgs(), profiler, StageProfile.BROKER), Path.of(files + BROKER_LOG_SUFFIX))) {
            String address = HostPort.format(broker.address());
            ClientTask task = task(broker, address, ClientProcess.resultFile(files));
            progress.phase(label + " client JVM start", 0);
            ClientResult client = ClientProcess.run(task, withProfiling(runner.clientJvmArgs(), profiler, StageProfile.CLIENT),
                    files, clientTimeout(task), (name, plannedMs) -> progress.phase(label + " " + name, plannedMs));
            windows = client.windows();
            result = new StageResult(stage.name(), stage.number(), stage.technique(),
                    cell.repetition(), cell.scenario(), cell.sweep(), client.pid(), client.produce(), client.saturated(),
                    client.openLoop(), client.replay(), client.costs(), client.producerGauges(),
                    stage.brokerConfig().parse(brokerProps),
                    stage.producerConfig().parse(settings.producerProps(stage, client.bootstrapServers())),
                    stage.consumerConfig().parse(settings.consumerProps(stage, client.bootstrapServers())));
        } finally {
            deleteRecursively(logDir);
            // A tidy trail: a log with nothing in it says nothing, and sixty of them hide the one that does.
            deleteIfEmpty(Path.of(files + BROKER_LOG_SUFFIX));
            deleteIfEmpty(ClientProcess.logFile(files));
        }
        if (profiler == null) {
            return result;
        }
        // Both JVMs have exited (the broker when closed above), so both recordings are written.
        progress.phase(label + " reading its profiles", 0);
        return result.withProfile(profiler.read(windows));
    }

    private static void deleteIfEmpty(Path log) throws IOException {
        if (Files.isRegularFile(log) && Files.size(log) == 0) {
            Files.delete(log);
        }
    }

    /** {@code jvmArgs}, and the options that start a recording when the run profiles. */
    private static List<String> withProfiling(List<String> jvmArgs, StageProfiler profiler, String process) {
        if (profiler == null) {
            return jvmArgs;
        }
        List<String> all = new ArrayList<>(jvmArgs);
        all.addAll(profiler.jvmArgs(process));
        return all;
    }

    private ClientTask task(BrokerProcess broker, String address, String resultFile) {
        RunnerConfig runner = settings.runner();
        Scenario scenario = cell.scenario();
        boolean sweep = !runner.sweep().isEmpty(); // a sweep measures the closed loop only
        return new ClientTask(stage.name(), address, broker.pid(), scenario.rttMs(),
                scenario.recordSize(), scenario.producers(),
                settings.producerProps(stage, address), settings.consumerProps(stage, address),
                runner.warmupMs(), runner.durationMs(), sweep ? 0 : runner.latencyMs(), runner.latencyRate(),
                runner.replay() && !sweep, runner.replayMs(),
                runner.windowRecords(scenario.recordSize()), loadStopTimeout(address).toMillis(), resultFile);
    }

    /** Every phase the client plans, each stop of the load at its longest, and its start and exit. */
    private static Duration clientTimeout(ClientTask task) {
        long produceMs = task.warmupMs() + task.durationMs() + task.stopTimeoutMs();
        long latencyMs = task.latencyMs() > 0 ? task.warmupMs() + task.latencyMs() + task.stopTimeoutMs() : 0;
        long replayMs = task.replay() ? task.warmupMs() + task.replayMs() : 0;
        return Duration.ofMillis(produceMs + latencyMs + replayMs).plus(CLIENT_START_AND_EXIT);
    }

    private Duration loadStopTimeout(String brokerAddress) {
        Object requestTimeoutMs = stage.producerConfig().parse(settings.producerProps(stage, brokerAddress))
                .get(ProducerConfig.REQUEST_TIMEOUT_MS);
        long ms = requestTimeoutMs instanceof Number n ? n.longValue() : ProducerConfig.DEFAULT_REQUEST_TIMEOUT_MS;
        return Duration.ofMillis(ms).plus(LOAD_STOP_MARGIN);
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
