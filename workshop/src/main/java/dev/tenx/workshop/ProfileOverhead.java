package dev.tenx.workshop;

import dev.tenx.common.spi.Stage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleFunction;
import java.util.function.ToDoubleFunction;

/**
 * What recording with JFR ({@code profile=true}) costs the figures it sits beside, measured:
 * every stage run of the plan twice, once with the recording off and once on, back to back, the
 * order swapped from one pair to the next (off-on, then on-off) so that a drift in this shared
 * machine's load, or whatever the first of two runs leaves behind (page cache, disk), favours neither. It prints, per stage and scenario, each figure off and on and
 * their ratio, taken within each pair and summarised as the comparison does (the median of the
 * ratios, with min..max over the repetitions), and writes the table to
 * {@code <output.dir>/results/profile-overhead-<UTC time>.md}.
 *
 * <p>{@code ./mvnw -B -q verify -DskipTests -Pprofile-overhead [-Drepeats=3] [-Dscenarios=100B-1p]};
 * every runner knob applies, except {@code profile}, which this sets. Threads: as
 * {@link ComparisonRunner}.
 */
public final class ProfileOverhead {

    private static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private ProfileOverhead() {}

    /** One stage run measured without and with the recording. */
    private record Pair(StageResult off, StageResult on) {
        List<String> key() {
            return List.of(off.stage(), off.scenario().name());
        }
    }

    /** A figure of a stage run, and how it prints. */
    private record Figure(String header, ToDoubleFunction<StageResult> value, DoubleFunction<String> format) {
    }

    private static final List<Figure> FIGURES = List.of(
            new Figure("produce rec/s", r -> r.produce().recordsPerSecond(), Format::count),
            new Figure("replay rec/s", r -> r.replay() == null ? Double.NaN : r.replay().recordsPerSecond(), Format::count),
            new Figure("broker CPU us/rec", r -> r.costs().broker().cpuMicrosPerRecord(), Format::decimal),
            new Figure("broker syscalls/rec", r -> r.costs().broker().syscallsPerRecord(), Format::decimal),
            new Figure("client CPU us/rec", r -> r.costs().client().cpuMicrosPerRecord(), Format::decimal));

    public static void main(String[] args) throws IOException, InterruptedException {
        run(systemProperties(), List.of(args), System.out, System.console() != null);
    }

    static ResultsTable run(Map<String, String> systemProperties, List<String> args, PrintStream out, boolean console)
            throws IOException, InterruptedException {
        List<Stage> stages = ComparisonRunner.select(RunSettings.runnerConfig(systemProperties, args).stages());
        RunSettings off = RunSettings.of(systemProperties, with(args, "false"), stages);
        RunSettings on = RunSettings.of(systemProperties, with(args, "true"), stages);
        RunnerConfig runner = off.runner();
        List<RunPlan.Cell> plan = RunPlan.of(runner.repeats(), runner.scenarios(), stages, off::sweepCombinations);
        out.printf("profile overhead: %d stage runs, each with profile=false and profile=true; %s%n", plan.size(),
                runner.values());
        List<Pair> pairs = new ArrayList<>();
        try (Progress progress = new Progress(out, console)) {
            for (RunPlan.Cell cell : plan) {
                String position = (pairs.size() + 1) + "/" + plan.size();
                boolean offFirst = pairs.size() % 2 == 0;
                StageResult first = new StageRun(cell, offFirst ? off : on, progress, position + (offFirst ? " off" : " on")).run();
                StageResult second = new StageRun(cell, offFirst ? on : off, progress, position + (offFirst ? " on" : " off")).run();
                pairs.add(offFirst ? new Pair(first, second) : new Pair(second, first));
            }
        }
        ResultsTable table = table(pairs, runner.repeats());
        out.println();
        out.print(table.toText());
        Path results = Files.createDirectories(runner.outputDir().resolve("results"));
        Path file = results.resolve("profile-overhead-" + FILE_TIME.format(Instant.now()) + ".md");
        // The first line every results file of the runner starts with (ReadmeResultsTest checks it).
        Files.writeString(file, "# tenx comparison run\n\n## What profile=true costs\n\n- timestamp: " + Instant.now()
                + "\n- machine: " + Machine.current() + "\n- runner: " + runner.values() + "\n- broker JVM: "
                + String.join(" ", runner.brokerJvmArgs()) + "\n- client JVM: " + String.join(" ", runner.clientJvmArgs())
                + "\n\n" + table.toMarkdown());
        out.println();
        out.println("written to " + file.toAbsolutePath());
        return table;
    }

    private static List<String> with(List<String> args, String profile) {
        List<String> all = new ArrayList<>(args);
        all.add(RunnerConfig.PROFILE + "=" + profile);
        return all;
    }

    /**
     * The comparison's own check of what recording costs, when {@code profile=true}: after the plan,
     * one of its cells runs again with the recording off ({@link #unprofiledCell}), and results.md and
     * the console show it beside the same cell's recorded run ({@link #inRun}). One pair, not the
     * alternated repetitions of {@code -Pprofile-overhead}: a figure from this run, with this run's noise.
     */
    static StageResult runUnprofiled(List<RunPlan.Cell> plan, Map<String, String> systemProperties, List<String> args,
                                     List<Stage> stages, Progress progress) throws IOException, InterruptedException {
        RunSettings off = RunSettings.of(systemProperties, with(args, "false"), stages);
        return new StageRun(unprofiledCell(plan), off, progress, "profiler cost, recording off").run();
    }

    /** The last stage that is not a peer, in the plan's first scenario and repetition: the one whose costs are smallest. */
    static RunPlan.Cell unprofiledCell(List<RunPlan.Cell> plan) {
        RunPlan.Cell first = plan.get(0);
        RunPlan.Cell chosen = first;
        for (RunPlan.Cell cell : plan) {
            if (cell.repetition() == first.repetition() && cell.scenario().equals(first.scenario()) && !cell.stage().peer()) {
                chosen = cell;
            }
        }
        return chosen;
    }

    /** The recorded run of {@code unprofiled}'s stage, scenario and repetition beside it: on / off. */
    static ResultsTable inRun(List<StageResult> results, StageResult unprofiled) {
        StageResult on = results.stream()
                .filter(r -> r.stage().equals(unprofiled.stage()) && r.scenario().equals(unprofiled.scenario())
                        && r.repetition() == unprofiled.repetition())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no recorded run of stage=" + unprofiled.stage()
                        + " scenario=" + unprofiled.scenario().name() + " to compare with"));
        return table(List.of(new Pair(unprofiled, on)), 1,
                "What profile=true costs, measured in this run: one stage run again with the recording off, after the others",
                "One pair, off run after on, with this run's noise: -Pprofile-overhead [-Drepeats=3] measures every stage"
                        + " and scenario in alternated pairs.");
    }

    /** Per stage and scenario: each figure off, on, and on / off, over the repetitions. */
    static ResultsTable table(List<Pair> pairs, int repeats) {
        return table(pairs, repeats, "What profile=true costs: each stage run with the recording off and on, back to back",
                "");
    }

    private static ResultsTable table(List<Pair> pairs, int repeats, String title, String note) {
        List<ResultsTable.Column> columns = new ArrayList<>(List.of(
                new ResultsTable.Column(ResultsTable.STAGE_HEADER, ResultsTable.STAGE_HEADER, false),
                new ResultsTable.Column(ResultsTable.SCENARIO_HEADER, ResultsTable.SCENARIO_HEADER, false)));
        for (Figure f : FIGURES) {
            String csv = f.header().replaceAll("[^A-Za-z0-9]+", "_");
            columns.add(new ResultsTable.Column(f.header() + " off", csv + "_off", true));
            columns.add(new ResultsTable.Column("on", csv + "_on", true));
            columns.add(new ResultsTable.Column("on/off", csv + "_ratio", true));
        }
        Map<List<String>, List<Pair>> groups = new LinkedHashMap<>();
        pairs.forEach(p -> groups.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(p));
        List<List<ResultsTable.Value>> rows = new ArrayList<>();
        groups.forEach((key, group) -> {
            List<ResultsTable.Value> row = new ArrayList<>(key.stream().map(ResultsTable.Label::new).toList());
            for (Figure f : FIGURES) {
                row.add(figure(group, p -> f.value().applyAsDouble(p.off()), f.format()));
                row.add(figure(group, p -> f.value().applyAsDouble(p.on()), f.format()));
                row.add(figure(group, p -> f.value().applyAsDouble(p.on()) / f.value().applyAsDouble(p.off()),
                        Format::ratio));
            }
            rows.add(row);
        });
        String runs = repeats == 1 ? "one pair of runs per stage and scenario"
                : "medians of " + repeats + " pairs, (min..max) over them; each ratio taken within its pair";
        return new ResultsTable(title,
                List.of(runs + ". on/off above 1 for a rate, or below 1 for a cost, would favour the recording: read"
                        + " both against the spread of the repetitions, which is this machine's noise." + (note.isEmpty() ? "" : " " + note)),
                "profile-overhead.csv", columns, rows);
    }

    private static ResultsTable.Figure figure(List<Pair> group, ToDoubleFunction<Pair> value, DoubleFunction<String> format) {
        return new ResultsTable.Figure(Spread.of(group.stream().map(value::applyAsDouble).toList()), format, null);
    }

    private static Map<String, String> systemProperties() {
        Map<String, String> props = new LinkedHashMap<>();
        System.getProperties().stringPropertyNames().forEach(name -> props.put(name, System.getProperty(name)));
        return props;
    }
}
