package dev.tenx.workshop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes results.json (everything, raw deltas included) and results.md (the printed tables
 * with the context a reader needs) into {@code <output.dir>/results/}.
 *
 * <p>Stateless: {@link #write} runs on the runner's controlling thread once per run; the shared
 * {@link ObjectMapper} is configured once and only used after, which Jackson makes thread-safe.
 */
public final class ResultsWriter {

    /**
     * The whole of results.json. NaN figures are written as JSON strings "NaN". Immutable
     * (its lists and maps are not copied: the runner builds them once and hands them over).
     *
     * @param calibration this machine's round trip and fsync, measured at the start of this run,
     *                    and each delay proxy's round trip, measured before the runs at its rtt.ms
     * @param sweep       the swept keys and values; empty for a comparison run
     * @param stages      one result per stage run, in run order
     * @param comparisons one per result, at the same rtt.ms; empty for a sweep, whose rows differ
     *                    in more than the stage
     */
    public record Run(String timestamp, Machine machine, Calibration calibration, Map<String, Object> runner,
                      List<String> brokerJvmArgs, Map<String, String> stageOverrides, Map<String, List<String>> sweep,
                      List<StageResult> stages, List<Comparison> comparisons) {
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT);

    private static final double BYTES_PER_GIB = 1024.0 * 1024 * 1024;

    private ResultsWriter() {}

    /** Writes both files and returns the directory that holds them. */
    public static Path write(Path outputDir, Run run) throws IOException {
        Path dir = Files.createDirectories(outputDir.resolve("results"));
        JSON.writeValue(dir.resolve("results.json").toFile(), run);
        Files.writeString(dir.resolve("results.md"), markdown(run));
        return dir;
    }

    static String markdown(Run run) {
        StringBuilder sb = new StringBuilder("# tenx comparison run\n\n");
        Machine m = run.machine();
        sb.append(String.format(Locale.ROOT, "- timestamp: %s%n- machine: %d cores, %s, %s memory%n- JDK: %s%n- kernel: %s%n",
                run.timestamp(), m.cores(), m.cpuModel(), Format.decimal(m.memoryBytes() / BYTES_PER_GIB) + " GiB", m.jdk(), m.os()));
        sb.append("- runner: ").append(run.runner()).append('\n');
        sb.append("- broker JVM: ").append(String.join(" ", run.brokerJvmArgs())).append('\n');
        sb.append("- client JVM (this process): ").append(String.join(" ", m.clientJvmArgs())).append('\n');
        sb.append("- stage keys set for this run: ").append(run.stageOverrides()).append("\n\n");
        sb.append(ResultsTable.calibration(run.calibration()).toMarkdown()).append('\n');
        for (ResultsTable table : ResultsTable.of(run.stages(), !run.sweep().isEmpty())) {
            sb.append(table.toMarkdown()).append('\n');
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
