package dev.tenx.workshop;

import dev.tenx.common.metrics.BrokerCounters;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The overload scenario's tables, as Markdown: one row per stage for the whole run, then each
 * stage's time series; an overload run's own results.md, or a section of the comparison's.
 * Every figure comes from the run that prints it. Stateless.
 */
final class OverloadReport {

    /** The first line of every overload results.md: what tells it from a hand-written file. */
    static final String FIRST_LINE = "# tenx overload run";
    /** Its heading in the comparison's results.md. */
    static final String SECTION_TITLE = "### Overload: each stage offered far more than it takes";

    private static final double BYTES_PER_MIB = 1024.0 * 1024;
    private static final double MS_PER_S = 1_000.0;

    private OverloadReport() {}

    /** An overload run's own results.md. */
    static String markdown(OverloadConfig config, List<OverloadRunner.Outcome> outcomes) {
        return FIRST_LINE + "\n\n" + body(config, outcomes);
    }

    /** The same tables as a section of the comparison's results.md, when it ran the scenario ({@code overload=true}). */
    static String section(OverloadConfig config, List<OverloadRunner.Outcome> outcomes) {
        return SECTION_TITLE + "\n\n" + body(config, outcomes);
    }

    private static String body(OverloadConfig config, List<OverloadRunner.Outcome> outcomes) {
        StringBuilder md = new StringBuilder();
        md.append(config.getInt(OverloadConfig.PRODUCERS)).append(" producers of ")
                .append(config.getInt(OverloadConfig.RECORD_SIZE)).append(" B records, ")
                .append(Format.count(config.getLong(OverloadConfig.RATE))).append(" records/s due in all for ")
                .append(config.getLong(OverloadConfig.DURATION_MS) / MS_PER_S).append(" s on a fixed timetable, no window of "
                        + "the runner's; one connection pipelines ").append(config.getInt(OverloadConfig.UNREAD_FETCHES))
                .append(" fetches of the log a quarter into the run and reads none. Stage keys set where defined: ")
                .append(config.stageProps()).append(". Broker JVM ").append(config.getString(OverloadConfig.BROKER_JVM_ARGS))
                .append(", client JVM ").append(config.getString(OverloadConfig.CLIENT_JVM_ARGS)).append(".\n\n");
        md.append("acked rec/s: acknowledgements while records were due; the percentiles are every acknowledged "
                + "record's, those the drain after the timetable brought included, from its intended send time.\n\n");
        md.append("| stage | offered rec/s | sent rec/s | acked rec/s | p50 ms | p99 ms | p99.9 ms | max ms "
                + "| producers' buffered peak MiB | broker heap peak MiB | failed sends by type | broker survived "
                + "| acknowledged read back |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|\n");
        for (OverloadRunner.Outcome outcome : outcomes) {
            md.append(summaryRow(outcome)).append('\n');
        }
        for (OverloadRunner.Outcome outcome : outcomes) {
            if (outcome.failure() != null) {
                md.append("\n").append(outcome.stage()).append(": ").append(outcome.failure()).append('\n');
            }
        }
        md.append("\nOver time (each row one sample interval; p99 of the acknowledgements in it, from their intended "
                + "send time; reads paused: times a connection stopped reading at the broker-wide queue bound / its "
                + "own queue bound / its write buffer's high water mark, since start):\n\n");
        md.append("| stage | t s | acked rec/s | failed rec/s | p99 ms | producers' buffered MiB | broker heap MiB "
                + "| reads paused q/c/w |\n|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (OverloadRunner.Outcome outcome : outcomes) {
            for (OverloadSample sample : outcome.samples()) {
                md.append(sampleRow(outcome.stage(), sample)).append('\n');
            }
        }
        return md.toString();
    }

    private static String summaryRow(OverloadRunner.Outcome outcome) {
        OverloadResult r = outcome.result();
        long bufferedPeak = outcome.samples().stream().mapToLong(OverloadSample::producerBufferedBytes).max().orElse(-1);
        long heapPeak = outcome.samples().stream().mapToLong(OverloadSample::brokerHeapBytes).max().orElse(-1);
        String errors = r == null ? "-" : r.errorsByType().isEmpty() ? "none" : r.errorsByType().entrySet().stream()
                .map(e -> e.getKey() + " " + Format.count(e.getValue())).collect(Collectors.joining(", "));
        String readBack = r == null ? "not checked: the client did not end normally"
                : r.verified() == null ? r.verification() : (r.verified() ? "yes: " : "NO: ") + r.verification();
        return "| " + outcome.stage()
                + " | " + (r == null ? "-" : Format.count(r.offeredPerSecond()))
                + " | " + (r == null ? "-" : Format.count(r.sendAttemptsPerSecond()))
                + " | " + (r == null ? "-" : Format.count(r.acknowledgedPerSecond()))
                + " | " + (r == null ? "-" : Format.decimal(r.p50Ms()))
                + " | " + (r == null ? "-" : Format.decimal(r.p99Ms()))
                + " | " + (r == null ? "-" : Format.decimal(r.p999Ms()))
                + " | " + (r == null ? "-" : Format.decimal(r.maxMs()))
                + " | " + mb(bufferedPeak) + " | " + mb(heapPeak) + " | " + errors
                + " | " + (outcome.brokerSurvived() ? "yes" : "NO") + " | " + readBack + " |";
    }

    private static String sampleRow(String stage, OverloadSample s) {
        Map<String, Long> c = s.brokerCounters();
        String paused = c.isEmpty() ? "-" : c.getOrDefault(BrokerCounters.READS_PAUSED_QUEUED, 0L) + "/"
                + c.getOrDefault(BrokerCounters.READS_PAUSED_CONNECTION, 0L) + "/"
                + c.getOrDefault(BrokerCounters.READS_PAUSED_UNWRITABLE, 0L);
        return "| " + stage + " | " + Format.decimal(s.atMs() / MS_PER_S) + " | " + Format.count(s.acknowledgedPerSecond())
                + " | " + Format.count(s.failedPerSecond()) + " | " + Format.decimal(s.p99Ms())
                + " | " + mb(s.producerBufferedBytes()) + " | " + mb(s.brokerHeapBytes()) + " | " + paused + " |";
    }

    private static String mb(long bytes) {
        return bytes < 0 ? "no answer" : Format.decimal(bytes / BYTES_PER_MIB);
    }
}
