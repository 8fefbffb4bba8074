package dev.tenx.workshop;

import dev.tenx.common.spi.Stage;
import dev.tenx.common.spi.Stages;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs every selected stage on the same workload, one after the other, and prints and writes
 * the comparison. Orchestration only: {@link Calibration} measures the machine first,
 * {@link StageRun} measures one stage, {@link ResultsTable} and {@link ResultsWriter} present
 * the results.
 *
 * <p>Started by {@code exec:java} inside Maven's JVM (the {@code compare} and {@code stageN}
 * profiles of the workshop module) or by plain {@code java}; in both, knobs come from System
 * properties and {@code key=value} arguments (see {@link RunSettings}). It never calls
 * {@code System.exit}: under {@code exec:java} that would end Maven. A failure is an exception,
 * which fails the Maven build or, under plain {@code java}, exits non-zero.
 *
 * <p>Threads: the calling thread calibrates, runs the stages one at a time and owns everything
 * but the calibration's echo thread, the load-generator threads and the progress thread.
 */
public final class ComparisonRunner {

    private ComparisonRunner() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        run(systemProperties(), List.of(args), System.out, System.console() != null);
    }

    /** Runs the comparison, prints the tables to {@code out}, writes the result files, returns the results. */
    public static List<StageResult> run(Map<String, String> systemProperties, List<String> args,
                                        PrintStream out, boolean console) throws IOException, InterruptedException {
        List<Stage> stages = select(RunSettings.runnerConfig(systemProperties, args).stages());
        RunSettings settings = RunSettings.of(systemProperties, args, stages);
        RunnerConfig runner = settings.runner();
        out.printf("tenx comparison: %s; %s%n", stages.stream().map(Stage::name).toList(), runner.values());
        String timestamp = Instant.now().toString();
        Calibration calibration = Calibration.measure(runner.outputDir());
        out.println();
        out.print(ResultsTable.calibration(calibration).toText());
        out.println();

        List<StageResult> results = new ArrayList<>();
        try (Progress progress = new Progress(out, console)) {
            for (Stage stage : stages) {
                results.add(new StageRun(stage, settings, progress).run());
            }
        }
        for (ResultsTable table : ResultsTable.of(results)) {
            out.println();
            out.print(table.toText());
        }
        Path dir = ResultsWriter.write(runner.outputDir(), new ResultsWriter.Run(timestamp, Machine.current(),
                calibration, runner.values(), runner.brokerJvmArgs(), settings.stageOverrides(), results,
                Comparison.of(results)));
        out.println();
        out.println("results: " + dir.resolve("results.json").toAbsolutePath() + " and results.md");
        return results;
    }

    static List<Stage> select(List<String> names) {
        List<Stage> stages = names.isEmpty() ? Stages.all() : names.stream().map(Stages::byName).toList();
        if (stages.isEmpty()) {
            throw new IllegalStateException("no stage on the classpath: is a stage module a dependency of the workshop?");
        }
        return stages;
    }

    private static Map<String, String> systemProperties() {
        Map<String, String> props = new LinkedHashMap<>();
        System.getProperties().stringPropertyNames().forEach(name -> props.put(name, System.getProperty(name)));
        return props;
    }
}
