package dev.tenx.workshop.reliability;

import dev.tenx.common.spi.Stage;
import dev.tenx.common.spi.Stages;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The reliability run: for every stage on the classpath (found as the comparison finds them), crash
 * cycles with SIGKILL ({@link CrashCycles}), power losses at random points under the simulated disk
 * ({@link PowerLossPoints}), a failing disk under a running broker ({@link DiskFaults}) and
 * hostile frames ({@link HostileFrames}); then one table ({@link ReliabilityTable}), printed and
 * written with the per-fault and per-layer details to {@code results.md}. Exits non-zero when any
 * check found something. {@code ReliabilityRunner key=value...}; System properties are read too,
 * arguments win. Used by one thread.
 */
public final class ReliabilityRunner {

    /** One stage's findings. */
    record StageReliability(Stage stage, CrashCycles.Result crashes, PowerLossPoints.Result powerLoss,
                            List<DiskFaults.Result> diskFaults, HostileFrames.Result hostile, Duration took) {
        boolean clean() {
            return crashes.clean() && powerLoss.clean() && diskFaults.stream().allMatch(DiskFaults.Result::clean)
                    && hostile.clean();
        }
    }

    private ReliabilityRunner() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> props = new HashMap<>();
        System.getProperties().stringPropertyNames().stream().filter(ReliabilityConfig.CONFIG.keys()::containsKey)
                .forEach(k -> props.put(k, System.getProperty(k)));
        Arrays.stream(args).forEach(a -> props.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1)));
        List<StageReliability> results = run(new ReliabilityConfig(props), System.out);
        if (!results.stream().allMatch(StageReliability::clean)) {
            System.err.println("the reliability run found failures: see the table");
            System.exit(1);
        }
    }

    /** Runs every selected stage and writes the results; returns them. */
    public static List<StageReliability> run(ReliabilityConfig config, PrintStream out) throws Exception {
        Path runDir = Files.createDirectories(Path.of(config.getString(ReliabilityConfig.OUTPUT_DIR), "reliability",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
        List<StageReliability> results = new ArrayList<>();
        for (Stage stage : selected(config)) {
            out.println("reliability: " + stage.name() + " ...");
            results.add(runStage(stage, config, Files.createDirectories(runDir.resolve(stage.name()))));
        }
        String report = ReliabilityTable.report(config, results);
        out.println(report);
        Files.writeString(runDir.resolve("results.md"), report, StandardCharsets.UTF_8);
        Path latest = runDir.getParent().resolve("latest");
        Files.deleteIfExists(latest);
        try {
            Files.createSymbolicLink(latest, runDir.getFileName());
        } catch (IOException | UnsupportedOperationException noLinks) {
            Files.writeString(latest, runDir.getFileName().toString());
        }
        out.println("reliability: results in " + runDir.resolve("results.md"));
        return results;
    }

    static StageReliability runStage(Stage stage, ReliabilityConfig config, Path dir) throws Exception {
        long start = System.nanoTime();
        CrashCycles.Result crashes = new CrashCycles(stage, config, dir).run();
        PowerLossPoints.Result powerLoss = new PowerLossPoints(stage, config, dir).run();
        List<DiskFaults.Result> disk = new DiskFaults(stage, dir).run();
        HostileFrames.Result hostile = new HostileFrames(stage, config, dir).run();
        return new StageReliability(stage, crashes, powerLoss, disk, hostile, Duration.ofNanos(System.nanoTime() - start));
    }

    private static List<Stage> selected(ReliabilityConfig config) {
        String names = config.getString(ReliabilityConfig.STAGES).trim();
        if (names.isEmpty()) {
            return Stages.all();
        }
        return Arrays.stream(names.split(",")).map(String::trim).map(Stages::byName).toList();
    }
}
