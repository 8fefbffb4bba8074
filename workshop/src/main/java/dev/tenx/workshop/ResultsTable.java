package dev.tenx.workshop;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The results as tables, one row per stage run: throughput and latency, then per-record costs of
 * the broker and of the client, with the added round trip in the second column; in a sweep, one
 * table per stage with a row per combination instead; and the run's {@link Calibration}, one row
 * per measurement. Rows keep the run's order (every stage at the first rtt.ms, then at the next),
 * and the first cell of every result row is the stage's name. One model, two renderings (aligned
 * text for the terminal, Markdown for results.md), so the two never disagree. Immutable.
 */
public record ResultsTable(String title, List<String> headers, List<List<String>> rows) {

    private static final String COLUMN_GAP = "  ";
    static final String CALIBRATION_TITLE = "This machine, measured at the start of this run";
    static final String RTT_HEADER = "rtt ms";
    static final String SKIPPED = "skipped";
    /** KB = 1024 bytes here, so that a peak reads against batch.size (16384 = 16 KB). */
    private static final double BYTES_PER_KB = 1024;
    private static final List<String> PROCESS_HEADERS = List.of("syscalls/rec", "reads/rec", "writes/rec",
            "B/read call", "B/write call", "CPU us/rec", "alloc B/rec");
    private static final List<String> CALIBRATION_HEADERS = List.of("measurement", "p50 us", "p99 us", "samples");

    /** The tables of a comparison run. */
    public static List<ResultsTable> of(List<StageResult> results) {
        List<Comparison> comparisons = Comparison.of(results);
        return List.of(throughput(results, comparisons), brokerCosts(results), clientCosts(results));
    }

    /** The tables of a run: a comparison's, or one per stage for a sweep. */
    public static List<ResultsTable> of(List<StageResult> results, boolean sweep) {
        return sweep ? sweeps(results) : of(results);
    }

    static ResultsTable throughput(List<StageResult> results, List<Comparison> comparisons) {
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            StageResult r = results.get(i);
            Comparison c = comparisons.get(i);
            List<String> row = new ArrayList<>(List.of(r.stage(), Format.plain(r.rttMs()),
                    Format.count(r.produce().recordsPerSecond()), Format.decimal(r.produce().megabytesPerSecond()),
                    Format.ratio(c.produceVsStage0()), Format.ratio(c.produceVsPrevious()),
                    Format.decimal(r.latency().p50Ms()), Format.decimal(r.latency().p99Ms()),
                    Format.decimal(r.latency().p999Ms())));
            row.addAll(replayCells(r.replay(), c));
            rows.add(row);
        }
        return new ResultsTable("Throughput and latency", List.of("stage", RTT_HEADER,
                "produce rec/s", "MB/s", "vs stage0", "vs prev",
                "ack p50 ms", "p99 ms", "p99.9 ms",
                "replay rec/s", "MB/s", "vs stage0", "vs prev"), rows);
    }

    private static List<String> replayCells(Replay.Result replay, Comparison c) {
        if (replay == null) {
            return List.of(SKIPPED, Format.MISSING, Format.MISSING, Format.MISSING);
        }
        return List.of(Format.count(replay.recordsPerSecond()),
                Format.decimal(replay.megabytesPerSecond()),
                Format.ratio(c.replayVsStage0()), Format.ratio(c.replayVsPrevious()));
    }

    static ResultsTable brokerCosts(List<StageResult> results) {
        List<String> headers = new ArrayList<>(List.of("stage", RTT_HEADER, "rec/request", "fsyncs/rec", "fsync us/rec"));
        headers.addAll(PROCESS_HEADERS);
        List<List<String>> rows = new ArrayList<>();
        for (StageResult r : results) {
            List<String> row = new ArrayList<>(List.of(r.stage(), Format.plain(r.rttMs()),
                    Format.decimal(r.costs().recordsPerRequest()),
                    Format.decimal(r.costs().fsyncsPerRecord()), Format.decimal(r.costs().fsyncMicrosPerRecord())));
            row.addAll(processCells(r.costs().broker()));
            rows.add(row);
        }
        return new ResultsTable("Broker cost per record", headers, rows);
    }

    static ResultsTable clientCosts(List<StageResult> results) {
        List<String> headers = new ArrayList<>(List.of("stage", RTT_HEADER));
        headers.addAll(PROCESS_HEADERS);
        headers.addAll(List.of("buffered peak KB", "in flight peak"));
        List<List<String>> rows = new ArrayList<>();
        for (StageResult r : results) {
            List<String> row = new ArrayList<>(List.of(r.stage(), Format.plain(r.rttMs())));
            row.addAll(processCells(r.costs().client()));
            row.addAll(gaugeCells(r.producerGauges()));
            rows.add(row);
        }
        return new ResultsTable("Client (load generator) cost per record", headers, rows);
    }

    private static List<String> processCells(Costs.ProcessCosts p) {
        List<String> io = p.procIo()
                ? List.of(Format.decimal(p.syscallsPerRecord()),
                        Format.decimal(p.readsPerRecord()), Format.decimal(p.writesPerRecord()),
                        Format.decimal(p.bytesPerRead()), Format.decimal(p.bytesPerWrite()))
                : List.of(Format.NOT_AVAILABLE, Format.NOT_AVAILABLE, Format.NOT_AVAILABLE,
                        Format.NOT_AVAILABLE, Format.NOT_AVAILABLE);
        List<String> cells = new ArrayList<>(io);
        cells.addAll(List.of(Format.decimal(p.cpuMicrosPerRecord()), Format.decimal(p.allocatedBytesPerRecord())));
        return cells;
    }

    private static List<String> gaugeCells(ProducerGaugeSampler.Summary g) {
        return List.of(Format.decimal(g.bufferedBytesPeak() / BYTES_PER_KB), Format.count(g.inFlightRequestsPeak()));
    }

    /**
     * A sweep: per stage, in the order the stages ran, a row per rtt.ms and combination, the
     * swept values as columns, then what the knobs trade: throughput, latency, records per
     * request and the client memory it took.
     */
    static List<ResultsTable> sweeps(List<StageResult> results) {
        Map<String, List<StageResult>> byStage = new LinkedHashMap<>();
        results.forEach(r -> byStage.computeIfAbsent(r.stage(), k -> new ArrayList<>()).add(r));
        List<ResultsTable> tables = new ArrayList<>();
        byStage.forEach((stage, runs) -> tables.add(sweep(stage, runs)));
        return tables;
    }

    private static ResultsTable sweep(String stage, List<StageResult> runs) {
        Set<String> keys = new LinkedHashSet<>();
        runs.forEach(r -> keys.addAll(r.sweep().keySet()));
        List<String> headers = new ArrayList<>(List.of("stage", RTT_HEADER));
        headers.addAll(keys);
        headers.addAll(List.of("produce rec/s", "MB/s", "ack p50 ms", "p99 ms", "rec/request",
                "buffered peak KB", "in flight peak"));
        List<List<String>> rows = new ArrayList<>();
        for (StageResult r : runs) {
            List<String> row = new ArrayList<>(List.of(r.stage(), Format.plain(r.rttMs())));
            keys.forEach(key -> row.add(r.sweep().getOrDefault(key, Format.MISSING)));
            row.addAll(List.of(Format.count(r.produce().recordsPerSecond()),
                    Format.decimal(r.produce().megabytesPerSecond()),
                    Format.decimal(r.latency().p50Ms()), Format.decimal(r.latency().p99Ms()),
                    Format.decimal(r.costs().recordsPerRequest())));
            row.addAll(gaugeCells(r.producerGauges()));
            rows.add(row);
        }
        return new ResultsTable("Sweep of " + stage + ", produce only (replay skipped)", headers, rows);
    }

    /** The run's calibration: this machine's round trip and fsync, and each delay proxy's round trip. */
    public static ResultsTable calibration(Calibration c) {
        List<List<String>> rows = new ArrayList<>(List.of(
                calibrationRow(Calibration.LOOPBACK_LABEL, c.loopbackRoundTrip()),
                calibrationRow(Calibration.FSYNC_LABEL, c.fsyncAfter4KbWrite())));
        c.delayProxyRoundTrips().forEach(p -> rows.add(calibrationRow(p.label(), p.roundTrip())));
        return new ResultsTable(CALIBRATION_TITLE, CALIBRATION_HEADERS, rows);
    }

    /** One delay proxy's row alone, printed when it is measured, before the runs at its rtt.ms. */
    public static ResultsTable delayProxy(Calibration.DelayProxyRoundTrip p) {
        return new ResultsTable("Delay proxy, measured before the runs at rtt.ms=" + Format.plain(p.rttMs()),
                CALIBRATION_HEADERS, List.of(calibrationRow(p.label(), p.roundTrip())));
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
