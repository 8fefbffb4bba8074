package dev.tenx.workshop;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The results as tables, one row per stage: throughput and latency, then per-record costs of
 * the broker and of the client; and the run's {@link Calibration}, one row per measurement.
 * One model, two renderings (aligned text for the terminal, Markdown for results.md), so the
 * two never disagree. Immutable.
 */
public record ResultsTable(String title, List<String> headers, List<List<String>> rows) {

    private static final String COLUMN_GAP = "  ";
    static final String CALIBRATION_TITLE = "This machine, measured at the start of this run";

    public static List<ResultsTable> of(List<StageResult> results) {
        List<Comparison> comparisons = Comparison.of(results);
        return List.of(throughput(results, comparisons), costs("Broker cost per record", results, Costs::broker, true),
                costs("Client (load generator) cost per record", results, Costs::client, false));
    }

    static ResultsTable throughput(List<StageResult> results, List<Comparison> comparisons) {
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            StageResult r = results.get(i);
            Comparison c = comparisons.get(i);
            rows.add(List.of(r.stage(),
                    Format.count(r.produce().recordsPerSecond()), Format.decimal(r.produce().megabytesPerSecond()),
                    Format.ratio(c.produceVsStage0()), Format.ratio(c.produceVsPrevious()),
                    Format.decimal(r.latency().p50Ms()), Format.decimal(r.latency().p99Ms()),
                    Format.decimal(r.latency().p999Ms()),
                    Format.count(r.replay().recordsPerSecond()) + (r.replay().complete() ? "" : " (cut)"),
                    Format.decimal(r.replay().megabytesPerSecond()),
                    Format.ratio(c.replayVsStage0()), Format.ratio(c.replayVsPrevious())));
        }
        return new ResultsTable("Throughput and latency", List.of("stage",
                "produce rec/s", "MB/s", "vs stage0", "vs prev",
                "ack p50 ms", "p99 ms", "p99.9 ms",
                "replay rec/s", "MB/s", "vs stage0", "vs prev"), rows);
    }

    static ResultsTable costs(String title, List<StageResult> results,
                              Function<Costs, Costs.ProcessCosts> side, boolean withFsyncs) {
        List<String> headers = new ArrayList<>(List.of("stage"));
        if (withFsyncs) {
            headers.addAll(List.of("fsyncs/rec", "fsync us/rec"));
        }
        headers.addAll(List.of("syscalls/rec", "reads/rec", "writes/rec", "B/read call", "B/write call",
                "CPU us/rec", "alloc B/rec"));
        List<List<String>> rows = new ArrayList<>();
        for (StageResult r : results) {
            List<String> row = new ArrayList<>(List.of(r.stage()));
            if (withFsyncs) {
                row.addAll(List.of(Format.decimal(r.costs().fsyncsPerRecord()),
                        Format.decimal(r.costs().fsyncMicrosPerRecord())));
            }
            row.addAll(processCells(side.apply(r.costs())));
            rows.add(row);
        }
        return new ResultsTable(title, headers, rows);
    }

    private static List<String> processCells(Costs.ProcessCosts p) {
        return List.of(Format.decimal(p.syscallsPerRecord()),
                Format.decimal(p.readsPerRecord()), Format.decimal(p.writesPerRecord()),
                Format.decimal(p.bytesPerRead()), Format.decimal(p.bytesPerWrite()),
                Format.decimal(p.cpuMicrosPerRecord()), Format.decimal(p.allocatedBytesPerRecord()));
    }

    /** The run's calibration: what this machine's round trip and fsync cost, one row each. */
    public static ResultsTable calibration(Calibration c) {
        return new ResultsTable(CALIBRATION_TITLE, List.of("measurement", "p50 us", "p99 us", "samples"), List.of(
                calibrationRow(Calibration.LOOPBACK_LABEL, c.loopbackRoundTrip()),
                calibrationRow(Calibration.FSYNC_LABEL, c.fsyncAfter4KbWrite())));
    }

    private static List<String> calibrationRow(String label, Calibration.Percentiles p) {
        return List.of(label, Format.decimal(p.p50Micros()), Format.decimal(p.p99Micros()), Format.count(p.samples()));
    }

    /** Aligned columns: the first left-aligned, figures right-aligned. */
    public String toText() {
        int[] widths = widths();
        StringBuilder sb = new StringBuilder(title).append('\n');
        appendTextRow(sb, headers, widths);
        for (List<String> row : rows) {
            appendTextRow(sb, row, widths);
        }
        return sb.toString();
    }

    public String toMarkdown() {
        StringBuilder sb = new StringBuilder("### ").append(title).append("\n\n");
        sb.append("| ").append(String.join(" | ", headers)).append(" |\n|");
        for (int i = 0; i < headers.size(); i++) {
            sb.append(i == 0 ? "---|" : "---:|");
        }
        sb.append('\n');
        for (List<String> row : rows) {
            sb.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return sb.toString();
    }

    private int[] widths() {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        return widths;
    }

    private static void appendTextRow(StringBuilder sb, List<String> cells, int[] widths) {
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            String padding = " ".repeat(widths[i] - cell.length());
            sb.append(i == 0 ? cell + padding : COLUMN_GAP + padding + cell);
        }
        sb.append('\n');
    }
}
