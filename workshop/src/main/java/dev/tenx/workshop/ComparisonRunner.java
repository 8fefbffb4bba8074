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
 * Runs every selected stage on the same workload, one after the other, once per added round
 * trip ({@code rtt.ms}) and, in a sweep, once per combination of swept values, and prints and
 * writes the comparison. The order is rtt.ms first, then stage, then combination: every stage
 * at one round trip before the next, so that each round trip's delay proxy is measured once,
 * just before its runs, and a table's rows at one rtt.ms read top to bottom as the stages go.
 * Orchestration only: {@link Calibration} measures the machine and each delay proxy,
 * {@link StageRun} measures one stage, {@link ResultsTable} and {@link ResultsWriter} present
 * the results.
 *
 * <p>Started by {@code exec:java} inside Maven's JVM (the {@code compare}, {@code stageN} and
 * {@code lab-*} profiles of the workshop module) or by plain {@code java}; in both, knobs come
 * from System properties and {@code key=value} arguments (see {@link RunSettings}). It never
 * calls {@code System.exit}: under {@code exec:java} that would end Maven. A failure is an
 * exception, which fails the Maven build or, under plain {@code java}, exits non-zero.
 *
 * <p>Threads: the calling thread calibrates, runs the stages one at a time and owns everything
 * but the calibration's echo thread, the delay proxies' threads, the load-generator threads, the
 * gauge sampler and the progress thread.
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
        boolean sweeping = !runner.sweep().isEmpty();
        out.printf("tenx comparison: %s; %s%n", stages.stream().map(Stage::name).toList(), runner.values());
        out.printf("JVMs, one of each per stage run: broker %s, client (load generator) %s%n",
                runner.brokerJvmArgs(), runner.clientJvmArgs());
        if (sweeping) {
            out.println("sweep: every combination of " + runner.sweep().values() + " at every rtt.ms; produce only,"
                    + " replay skipped");
        }
        String timestamp = Instant.now().toString();
        Calibration machine = Calibration.measure(runner.outputDir());
        out.println();
        out.print(ResultsTable.calibration(machine).toText());
        out.println();

        Runs runs;
        try (Progress progress = new Progress(out, console)) {
            runs = runAll(stages, settings, machine, progress);
        }
        out.println();
        out.print(ResultsTable.calibration(runs.calibration()).toText());
        for (ResultsTable table : ResultsTable.of(runs.results(), sweeping)) {
            out.println();
            out.print(table.toText());
        }
        Path dir = ResultsWriter.write(runner.outputDir(), new ResultsWriter.Run(ResultsWriter.SCHEMA_VERSION, timestamp, Machine.current(),
                runs.calibration(), runner.values(), runner.brokerJvmArgs(), runner.clientJvmArgs(), settings.stageOverrides(),
                runner.sweep().values(), runs.results(), sweeping ? List.of() : Comparison.of(runs.results())));
        out.println();
        out.println("results: " + dir.toAbsolutePath() + " (" + ResultsWriter.JSON_FILE + ", " + ResultsWriter.MARKDOWN_FILE
                + "), also " + dir.resolveSibling(ResultsWriter.LATEST).toAbsolutePath());
        return runs.results();
    }

    /** Every run's result, and the calibration with each delay proxy's row added. */
    private record Runs(Calibration calibration, List<StageResult> results) {
    }

    private static Runs runAll(List<Stage> stages, RunSettings settings, Calibration machine, Progress progress)
            throws IOException, InterruptedException {
        boolean replay = settings.runner().sweep().isEmpty();
        Calibration calibration = machine;
        List<StageResult> results = new ArrayList<>();
        for (double rttMs : settings.runner().rttMs()) {
            if (rttMs > 0) {
                Calibration.DelayProxyRoundTrip proxy = Calibration.measureDelayProxy(rttMs);
                calibration = calibration.with(proxy);
                progress.message(ResultsTable.delayProxy(proxy).toText());
            }
            for (Stage stage : stages) {
                for (Map<String, String> combination : settings.sweepCombinations(stage)) {
                    StageRun.Variant variant = new StageRun.Variant(rttMs, combination, replay);
                    results.add(new StageRun(stage, settings, progress, variant).run());
                }
            }
        }
        return new Runs(calibration, results);
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
