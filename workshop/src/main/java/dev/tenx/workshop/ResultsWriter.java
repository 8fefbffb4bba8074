package dev.tenx.workshop;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.tenx.workshop.profile.ProcessProfile;
import dev.tenx.workshop.report.HtmlReport;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes each run into a directory of its own, {@code <output.dir>/results/<UTC time>/}:
 * results.json (everything, raw deltas included), results.md (the printed tables with the
 * context a reader needs) and results.html (results.json drawn as charts, {@link HtmlReport});
 * then points {@code results/latest} at it, a relative symbolic link, or, where the file system
 * refuses one, a file that holds the directory's name.
 *
 * <p>Stateless: {@link #write} runs on the runner's controlling thread once per run; the shared
 * {@link ObjectMapper} is configured once and only used after, which Jackson makes thread-safe.
 */
public final class ResultsWriter {

    /**
     * The version of results.json's layout; a reader that finds another one should not guess.
     * 1: the first runner (no version field, NaN written as the string "NaN"); 2: scenarios,
     * repetitions, the client in its own JVM, open-loop latency, NaN written as null (fields added
     * since, such as {@code load} and {@code overload}, leave every earlier one as it was).
     */
    public static final int SCHEMA_VERSION = 2;
    static final String LATEST = "latest";
    static final String JSON_FILE = "results.json";
    static final String MARKDOWN_FILE = "results.md";
    /** The charts of results.json, in one page that needs no network ({@link HtmlReport}). */
    static final String HTML_FILE = HtmlReport.FILE;
    /** Where each profile's collapsed stacks go, beside results.json. */
    static final String PROFILES_DIR = "profiles";
    /** Where StageRun keeps each stage run's logs, under output.dir. */
    private static final String RUNS_DIR = "runs";
    private static final DateTimeFormatter DIRECTORY_NAME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

    /**
     * The whole of results.json. A figure that could not be computed (NaN) is written as null.
     * Immutable (its lists and maps are not copied: the runner builds them once and hands them over).
     *
     * @param calibration this machine's round trip and fsync, measured at the start of this run,
     *                    and each delay proxy's round trip, measured before the runs at its rtt.ms
     * @param scenarios   the workloads, in the order they ran in each repetition
     * @param sweep       the swept keys and values; empty for a comparison run
     * @param stages      one result per stage run, in run order: repetition, scenario, stage
     * @param comparisons one per result, at the same rtt.ms; empty for a sweep, whose rows differ
     *                    in more than the stage
     * @param load        how busy the machine was with other work during the run
     * @param overload    the overload scenario run after the stages ({@code overload=true}): its
     *                    settings and each stage's time series and outcome; null when it did not run
     * @param unprofiled  one cell of the plan run again with {@code profile=false} after the others,
     *                    the measurement of what recording costs ({@link ProfileOverhead#inRun});
     *                    null when the run recorded nothing or was a sweep
     */
    public record Run(int schemaVersion, String timestamp, Machine machine, Calibration calibration, Map<String, Object> runner,
                      List<String> brokerJvmArgs, List<String> clientJvmArgs, Map<String, String> stageOverrides,
                      List<Scenario> scenarios, int repeats, Map<String, List<String>> sweep,
                      List<StageResult> stages, List<Comparison> comparisons, MachineLoad load,
                      OverloadRunner.Results overload, StageResult unprofiled) {
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .registerModule(new SimpleModule("nan-as-null")
                    .addSerializer(Double.class, NanAsNull.INSTANCE)
                    .addSerializer(Double.TYPE, NanAsNull.INSTANCE));

    /**
     * JSON has no NaN: Jackson's default, the string "NaN", turns a number field into a string
     * for every reader; null says "no figure" in every JSON library.
     */
    private static final class NanAsNull extends JsonSerializer<Double> {
        static final NanAsNull INSTANCE = new NanAsNull();

        @Override
        public void serialize(Double value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            if (Double.isFinite(value)) {
                gen.writeNumber(value);
            } else {
                gen.writeNull();
            }
        }
    }

    /** How {@code results/latest} is made to point at a run's directory; a symbolic link unless that fails. */
    @FunctionalInterface
    interface LinkMaker {
        void link(Path link, Path target) throws IOException;
    }

    private static final double BYTES_PER_GIB = 1024.0 * 1024 * 1024;

    private ResultsWriter() {}

    /** Writes the run's files into a new directory, points {@code latest} at it, and returns it. */
    public static Path write(Path outputDir, Run run) throws IOException {
        return write(outputDir, run, Files::createSymbolicLink);
    }

    static Path write(Path outputDir, Run run, LinkMaker links) throws IOException {
        Path results = Files.createDirectories(outputDir.resolve("results"));
        Path dir = newRunDirectory(results, Instant.parse(run.timestamp()));
        JSON.writeValue(dir.resolve(JSON_FILE).toFile(), run);
        Files.writeString(dir.resolve(MARKDOWN_FILE), markdown(run));
        HtmlReport.write(dir.resolve(JSON_FILE), dir.resolve(HTML_FILE));
        for (ResultsTable table : ResultsTable.of(run.stages(), !run.sweep().isEmpty())) {
            Files.writeString(dir.resolve(table.csvName()), table.toCsv());
        }
        for (ResultsTable table : ProfileTables.all(run.stages())) {
            Files.writeString(dir.resolve(table.csvName()), table.toCsv());
        }
        if (run.unprofiled() != null) {
            ResultsTable overhead = ProfileOverhead.inRun(run.stages(), run.unprofiled());
            Files.writeString(dir.resolve(overhead.csvName()), overhead.toCsv());
        }
        copyCollapsedStacks(outputDir.resolve(RUNS_DIR), dir.resolve(PROFILES_DIR), run.stages());
        pointLatestAt(results, dir, links);
        return dir;
    }

    /**
     * Each profile's collapsed stacks, written next to its stage run's logs, into
     * {@code profiles/} beside results.json, where its {@code collapsedStacks} field names it.
     */
    private static void copyCollapsedStacks(Path runs, Path profiles, List<StageResult> stages) throws IOException {
        for (StageResult r : stages) {
            if (r.profile() == null) {
                continue;
            }
            Files.createDirectories(profiles);
            for (ProcessProfile p : r.profile().profiles()) {
                Files.copy(runs.resolve(p.collapsedStacks()), profiles.resolve(p.collapsedStacks()),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Named after the run's start, UTC; a second run in the same second gets a suffix. */
    private static Path newRunDirectory(Path results, Instant start) throws IOException {
        String name = DIRECTORY_NAME.format(start);
        for (int attempt = 1; ; attempt++) {
            try {
                return Files.createDirectory(results.resolve(attempt == 1 ? name : name + "-" + attempt));
            } catch (FileAlreadyExistsException e) {
                // taken by an earlier run in the same second: try the next suffix
            }
        }
    }

    /**
     * A relative link, so that the results directory can be moved or copied whole; a plain file
     * naming the directory where links are refused (some Windows and network file systems).
     */
    static void pointLatestAt(Path results, Path dir, LinkMaker links) throws IOException {
        Path latest = results.resolve(LATEST);
        Files.deleteIfExists(latest);
        try {
            links.link(latest, dir.getFileName());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            Files.writeString(latest, dir.getFileName() + System.lineSeparator());
        }
    }

    /** The directory {@code results/latest} names, whether it is a link or a file. */
    static Path latest(Path results) throws IOException {
        Path latest = results.resolve(LATEST);
        if (Files.isRegularFile(latest, LinkOption.NOFOLLOW_LINKS)) {
            return results.resolve(Files.readString(latest).strip());
        }
        return results.resolve(Files.readSymbolicLink(latest));
    }

    static String markdown(Run run) {
        StringBuilder sb = new StringBuilder("# tenx comparison run\n\n");
        Machine m = run.machine();
        sb.append(String.format(Locale.ROOT, "- timestamp: %s%n- machine: %d cores, %s, %s memory%n- JDK: %s%n- kernel: %s%n",
                run.timestamp(), m.cores(), m.cpuModel(), Format.decimal(m.memoryBytes() / BYTES_PER_GIB) + " GiB", m.jdk(), m.os()));
        sb.append("- runner: ").append(run.runner()).append('\n');
        sb.append("- broker JVM: ").append(String.join(" ", run.brokerJvmArgs())).append('\n');
        sb.append("- client JVM (load generator, one per stage run): ").append(String.join(" ", run.clientJvmArgs())).append('\n');
        sb.append("- runner JVM (orchestrates, measures nothing): ").append(String.join(" ", m.runnerJvmArgs())).append('\n');
        sb.append("- stage keys set for this run: ").append(run.stageOverrides()).append('\n');
        sb.append("- scenarios: ").append(run.scenarios().stream().map(Scenario::name).toList())
                .append(", repeats: ").append(run.repeats()).append("\n\n");
        sb.append(ResultsTable.calibration(run.calibration()).toMarkdown()).append('\n');
        sb.append(ResultsTable.howToRead(run.repeats())).append("\n\n");
        sb.append(run.load().verdict()).append("\n\n").append(run.load().fsyncLine()).append("\n\n");
        for (ResultsTable table : ResultsTable.of(run.stages(), !run.sweep().isEmpty())) {
            sb.append(table.toMarkdown()).append('\n');
        }
        for (ResultsTable table : ProfileTables.all(run.stages())) {
            sb.append(table.toMarkdown()).append('\n');
        }
        if (run.unprofiled() != null) {
            sb.append(ProfileOverhead.inRun(run.stages(), run.unprofiled()).toMarkdown()).append('\n');
        }
        if (run.overload() != null) {
            sb.append(OverloadReport.section(new OverloadConfig(run.overload().settings()), run.overload().outcomes()))
                    .append('\n');
        }
        appendConfigurations(sb, run);
        return sb.toString();
    }

    /**
     * Each stage's resolved config, from its first run: its other runs differ only in
     * bootstrap.servers, log.dir and the swept keys (every run's own config is in results.json).
     */
    private static void appendConfigurations(StringBuilder sb, Run run) {
        sb.append("### Configuration per stage\n\n");
        sb.append("From each stage's first run; its other runs differ in bootstrap.servers (the delay proxy's"
                + " address when rtt.ms is above 0)").append(run.sweep().isEmpty() ? " and log.dir" : ", log.dir and the swept keys")
                .append(". Every run's own is in results.json.\n\n");
        Set<String> shown = new HashSet<>();
        for (StageResult r : run.stages()) {
            if (shown.add(r.stage())) {
                sb.append("- ").append(r.stage()).append(" (").append(r.technique()).append(")\n")
                        .append("  - broker: ").append(r.brokerConfig()).append('\n')
                        .append("  - producer: ").append(r.producerConfig()).append('\n')
                        .append("  - consumer: ").append(r.consumerConfig()).append('\n');
            }
        }
    }
}
