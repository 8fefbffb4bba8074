package dev.tenx.workshop;

import dev.tenx.common.config.ConfigException;
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
 * Runs every selected stage on the same workloads (scenarios), each as many times as
 * {@code repeats} asks, in the interleaved order of {@link RunPlan}, and prints and writes the
 * comparison. Orchestration only: {@link Calibration} measures the machine and each delay proxy,
 * {@link StageRun} runs one stage's broker and load generator, each in a JVM of its own,
 * {@link ResultsTable} and {@link ResultsWriter} present the results; with {@code overload=true},
 * {@link OverloadRunner} then overloads the last two stages and its figures join the same
 * results. This JVM (Maven's, under exec:java) measures nothing itself.
 *
 * <p>Started by {@code exec:java} inside Maven's JVM (the {@code compare}, {@code stageN} and
 * {@code lab-*} profiles of the workshop module) or by plain {@code java}; in both, knobs come
 * from System properties and {@code key=value} arguments (see {@link RunSettings}). It never
 * calls {@code System.exit}: under {@code exec:java} that would end Maven. A failure is an
 * exception, which fails the Maven build or, under plain {@code java}, exits non-zero.
 *
 * <p>Threads: the calling thread calibrates, runs the stages one at a time and owns everything
 * but the calibration's echo thread, the delay proxies' threads (during calibration), the
 * threads that read the child processes' output, and the progress thread.
 */
public final class ComparisonRunner {

    private ComparisonRunner() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        run(systemProperties(), List.of(args), System.out, System.console() != null);
    }

    /** Runs the comparison, prints the tables to {@code out}, writes the result files, returns the results. */
    public static List<StageResult> run(Map<String, String> systemProperties, List<String> args,
                                        PrintStream out, boolean console) throws IOException, InterruptedException {
        RunnerConfig selection = RunSettings.runnerConfig(systemProperties, args);
        // stages named: exactly those run (a peer among them if named); peers join the whole comparison only
        List<Stage> stages = Peers.besides(select(selection.stages()), selection.peers() && selection.stages().isEmpty());
        RunSettings settings = RunSettings.of(systemProperties, args, stages);
        RunnerConfig runner = settings.runner();
        boolean sweeping = !runner.sweep().isEmpty();
        out.printf("tenx comparison: %s%n", stages.stream().map(Stage::name).toList());
        out.print(KnobReport.of(systemProperties, args, settings, stages).toText());
        out.printf("JVMs, one of each per stage run: broker %s, client (load generator) %s%n",
                runner.brokerJvmArgs(), runner.clientJvmArgs());
        if (sweeping) {
            out.println("sweep: every combination of " + runner.sweep().values() + " at every rtt.ms; produce only,"
                    + " replay skipped");
        }
        List<Stage> overloaded = runner.overload() ? overloaded(stages, settings.overload()) : List.of();
        if (runner.overload()) {
            out.printf("then the overload scenario on %s: %s%n", overloaded.stream().map(Stage::name).toList(),
                    settings.overload().values());
        }
        List<Scenario> scenarios = runner.scenarios();
        List<RunPlan.Cell> plan = RunPlan.of(runner.repeats(), scenarios, stages, settings::sweepCombinations);
        out.printf("%d stage runs: %d repetition(s) of %s, each stage in turn%n", plan.size(), runner.repeats(),
                scenarios.stream().map(Scenario::name).toList());
        String timestamp = Instant.now().toString();
        MachineLoad.Snapshot loadAtStart = MachineLoad.Snapshot.take();
        out.println(loadAtStart.describe());
        Calibration calibration = calibrate(runner.outputDir(), scenarios);
        out.println();
        out.print(ResultsTable.calibration(calibration).toText());
        out.println();

        List<StageResult> results;
        try (Progress progress = new Progress(out, console)) {
            results = runAll(plan, settings, progress);
        }
        MachineLoad load = MachineLoad.between(loadAtStart, MachineLoad.Snapshot.take(), calibration, results);
        StageResult unprofiled = null;
        if (runner.profile() && !sweeping) {
            // after the load is taken: this run's own processes are not "other work"
            try (Progress progress = new Progress(out, console)) {
                unprofiled = ProfileOverhead.runUnprofiled(plan, systemProperties, args, stages, progress);
            }
        }
        out.println();
        out.print(ResultsTable.calibration(calibration).toText());
        out.println();
        out.println(ResultsTable.howToRead(runner.repeats()));
        out.println();
        out.println(load.verdict());
        out.println(load.fsyncLine());
        for (ResultsTable table : ResultsTable.of(results, sweeping)) {
            out.println();
            out.print(table.toText());
        }
        for (ResultsTable table : ProfileTables.console(results)) {
            out.println();
            out.print(table.toText());
        }
        if (unprofiled != null) {
            out.println();
            out.print(ProfileOverhead.inRun(results, unprofiled).toText());
        }
        OverloadRunner.Results overload = runner.overload() ? runOverload(overloaded, settings.overload(), out) : null;
        Path dir = ResultsWriter.write(runner.outputDir(), new ResultsWriter.Run(ResultsWriter.SCHEMA_VERSION,
                timestamp, Machine.current(), calibration, runner.values(), runner.brokerJvmArgs(),
                runner.clientJvmArgs(), settings.stageOverrides(), scenarios, runner.repeats(), runner.sweep().values(),
                results, sweeping ? List.of() : Comparison.of(results), load, overload, unprofiled));
        out.println();
        out.println("results: " + dir.toAbsolutePath() + " (" + ResultsWriter.JSON_FILE + ", " + ResultsWriter.MARKDOWN_FILE
                + ", " + ResultsWriter.HTML_FILE + ", a CSV per table), also "
                + dir.resolveSibling(ResultsWriter.LATEST).toAbsolutePath());
        return results;
    }

    /**
     * This machine's round trip and fsync, and the round trip through the delay proxy at each
     * rtt the scenarios add, all before the first stage runs.
     */
    private static Calibration calibrate(Path outputDir, List<Scenario> scenarios)
            throws IOException, InterruptedException {
        Calibration calibration = Calibration.measure(outputDir);
        for (double rttMs : scenarios.stream().map(Scenario::rttMs).filter(rtt -> rtt > 0).distinct().toList()) {
            calibration = calibration.with(Calibration.measureDelayProxy(rttMs));
        }
        return calibration;
    }

    /**
     * The stages the overload scenario runs on: those {@code overload.stages} names, or else the
     * last two selected that are not peers (by default the backpressure stage and the one before).
     */
    static List<Stage> overloaded(List<Stage> selected, OverloadConfig config) {
        List<String> named = OverloadConfig.split(config.getString(OverloadConfig.STAGES), ",");
        if (!named.isEmpty()) {
            return named.stream().map(Stages::byName).toList();
        }
        List<Stage> stages = selected.stream().filter(stage -> !stage.peer()).toList();
        if (stages.isEmpty()) {
            throw new ConfigException(RunnerConfig.OVERLOAD + "=true: no stage that is not a peer is selected, "
                    + "and " + OverloadConfig.STAGES + " names none");
        }
        return stages.subList(Math.max(0, stages.size() - 2), stages.size());
    }

    /** The overload scenario, after every stage run, its files under output.dir/overload/; its tables printed. */
    private static OverloadRunner.Results runOverload(List<Stage> stages, OverloadConfig config, PrintStream out)
            throws IOException, InterruptedException {
        out.println();
        OverloadRunner.Results results = OverloadRunner.run(stages, config,
                OverloadRunner.newDirectory(Path.of(config.getString(OverloadConfig.OUTPUT_DIR))), out);
        out.println();
        out.print(OverloadReport.section(config, results.outcomes()));
        return results;
    }

    private static List<StageResult> runAll(List<RunPlan.Cell> plan, RunSettings settings, Progress progress)
            throws IOException, InterruptedException {
        List<StageResult> results = new ArrayList<>();
        for (RunPlan.Cell cell : plan) {
            String position = (results.size() + 1) + "/" + plan.size();
            results.add(new StageRun(cell, settings, progress, position).run());
        }
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
