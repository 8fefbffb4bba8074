package dev.tenx.workshop;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.DoubleFunction;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The results as tables, one row per stage and scenario, every figure summarised over the
 * repetitions ({@link Spread}: the median, then {@code (min..max)} where they differ): throughput,
 * latency, the broker's and the client's costs per record; in a sweep, one table per stage with a
 * row per scenario and combination instead; and the run's {@link Calibration}. Rows keep the
 * order of the first repetition (every stage of the first scenario, then of the next), and the
 * first cell of every result row is the stage's name, the second the scenario's. A ratio is
 * summarised from the ratios of each repetition ({@link Comparison}), never computed from two
 * medians. One model, three renderings (aligned text for the terminal, Markdown for results.md,
 * CSV of the raw figures), so they never disagree. Immutable.
 *
 * @param csvName the file this table's CSV goes to, or null for none
 */
public record ResultsTable(String title, List<String> notes, String csvName, List<Column> columns,
                           List<List<Value>> cells) {

    private static final String COLUMN_GAP = "  ";
    static final String CALIBRATION_TITLE = "This machine, measured at the start of this run";
    static final String STAGE_HEADER = "stage";
    static final String SCENARIO_HEADER = "scenario";
    static final String SKIPPED = "skipped";
    /** KB = 1024 bytes here, so that a peak reads against batch.size (16384 = 16 KB). */
    private static final double BYTES_PER_KB = 1024;
    private static final String CSV_SEPARATOR = ",";

    /** A column: its header as printed, its name in the CSV, and whether it holds figures or labels. */
    public record Column(String header, String csvName, boolean figure) {
    }

    /** One cell. */
    public sealed interface Value permits Label, Figure {

        String text();

        /** Its CSV fields: a label's text; a figure's median, min and max as plain numbers, empty for none. */
        List<String> csv();
    }

    /** A name: a stage, a scenario, a swept value, a measurement. */
    public record Label(String text) implements Value {
        @Override
        public List<String> csv() {
            return List.of(text);
        }
    }

    /**
     * A figure over the repetitions, printed with {@code format}.
     *
     * @param absent what to print instead when the figure was not measured at all ("skipped",
     *               "n/a"); null when it was
     */
    public record Figure(Spread spread, DoubleFunction<String> format, String absent) implements Value {

        static Figure of(double value, DoubleFunction<String> format) {
            return new Figure(Spread.of(value), format, null);
        }

        @Override
        public String text() {
            return absent != null ? absent : Format.spread(spread, format);
        }

        @Override
        public List<String> csv() {
            if (absent != null || spread.count() == 0) {
                return List.of("", "", "");
            }
            return List.of(Format.plain(spread.median()), Format.plain(spread.min()), Format.plain(spread.max()));
        }
    }

    /** One stage run and its ratios: what a figure is read from. */
    private record Run(StageResult result, Comparison comparison) {
    }

    /**
     * A column of figures: its header, its CSV name, how one run gives it, how it prints, why a
     * run has none at all (null when it has one), and whether the length of the produce window
     * caps it (a latency of the closed loop).
     */
    private record Metric(String header, String csvName, ToDoubleFunction<Run> value, DoubleFunction<String> format,
                          Function<Run, String> absence, boolean windowCapped) {

        static Metric of(String header, String csvName, ToDoubleFunction<Run> value, DoubleFunction<String> format) {
            return new Metric(header, csvName, value, format, run -> null, false);
        }

        Metric unless(Function<Run, String> why) {
            return new Metric(header, csvName, value, format, why, windowCapped);
        }

        /** A latency in ms that the produce window's length caps: marked {@value ResultsTable#CAPPED} from that length up. */
        Metric cappedByWindow() {
            return new Metric(header, csvName, value, format, absence, true);
        }

        Figure over(List<Run> runs) {
            String absent = runs.stream().map(absence).filter(Objects::nonNull).findFirst().orElse(null);
            DoubleFunction<String> shown = windowCapped ? capped(format, shortestWindowMs(runs)) : format;
            return new Figure(Spread.of(runs.stream().map(value::applyAsDouble).toList()), shown, absent);
        }

        private static double shortestWindowMs(List<Run> runs) {
            return runs.stream().mapToDouble(r -> Rates.millis(r.result().produce().nanos())).min().orElse(Double.NaN);
        }

        private static DoubleFunction<String> capped(DoubleFunction<String> format, double windowMs) {
            return ms -> ms >= windowMs ? CAPPED + format.apply(ms) : format.apply(ms);
        }
    }

    /**
     * Before a closed-loop latency at least as long as the produce window: the run's length, not
     * the stage, set it (see {@link #CAPPED_NOTE}).
     */
    static final String CAPPED = ">";
    static final String CAPPED_NOTE = CAPPED + " before a saturated figure: it is at least the measured window's length."
            + " The records at that percentile were queued before the window opened, behind more records than the"
            + " stage acknowledges in the whole run (Little's law: max.unacked.records / produce rec/s is longer),"
            + " so the run's length capped what they could show; the figure is a lower bound.";

    private static final List<Metric> THROUGHPUT = List.of(
            Metric.of("produce rec/s", "produce_records_per_second", r -> r.result().produce().recordsPerSecond(), Format::count),
            Metric.of("MB/s", "produce_megabytes_per_second", r -> r.result().produce().megabytesPerSecond(), Format::decimal),
            Metric.of("vs stage0", "produce_vs_stage0", r -> r.comparison().produceVsStage0(), Format::ratio),
            Metric.of("vs prev", "produce_vs_previous", r -> r.comparison().produceVsPrevious(), Format::ratio),
            Metric.of("replay rec/s", "replay_records_per_second", r -> replay(r, Replay.Result::recordsPerSecond), Format::count)
                    .unless(r -> r.result().replay() == null ? SKIPPED : null),
            Metric.of("MB/s", "replay_megabytes_per_second", r -> replay(r, Replay.Result::megabytesPerSecond), Format::decimal),
            Metric.of("vs stage0", "replay_vs_stage0", r -> r.comparison().replayVsStage0(), Format::ratio),
            Metric.of("vs prev", "replay_vs_previous", r -> r.comparison().replayVsPrevious(), Format::ratio));

    private static final Metric SATURATED_P50 = Metric.of("saturated p50 ms", "saturated_p50_ms",
            r -> r.result().saturated().p50Ms(), Format::decimal).cappedByWindow();
    private static final Metric SATURATED_P99 = Metric.of("p99 ms", "saturated_p99_ms",
            r -> r.result().saturated().p99Ms(), Format::decimal).cappedByWindow();

    private static final List<Metric> LATENCY = List.of(
            openLoop("offered rec/s", "offered_records_per_second", StageResult.OpenLoop::offeredRecordsPerSecond, Format::count),
            openLoop("achieved rec/s", "achieved_records_per_second", StageResult.OpenLoop::achievedRecordsPerSecond,
                    Format::count),
            openLoop("p50 ms", "p50_ms", o -> o.latency().p50Ms(), Format::decimal),
            openLoop("p99 ms", "p99_ms", o -> o.latency().p99Ms(), Format::decimal),
            openLoop("p99.9 ms", "p999_ms", o -> o.latency().p999Ms(), Format::decimal),
            openLoop("max ms", "max_ms", o -> o.latency().maxMs(), Format::decimal),
            SATURATED_P50, SATURATED_P99);

    private static Metric openLoop(String header, String csvName, ToDoubleFunction<StageResult.OpenLoop> figure,
                                   DoubleFunction<String> format) {
        return Metric.of(header, csvName, r -> r.result().openLoop() == null
                        ? Double.NaN : figure.applyAsDouble(r.result().openLoop()), format)
                .unless(r -> r.result().openLoop() == null ? SKIPPED : null);
    }

    private static final Metric RECORDS_PER_REQUEST =
            Metric.of("rec/request", "records_per_request", r -> r.result().costs().recordsPerRequest(), Format::decimal);

    private static final List<Metric> BROKER = concat(List.of(RECORDS_PER_REQUEST,
            Metric.of("requests/fsync", "requests_per_fsync", r -> r.result().costs().requestsPerFsync(), Format::decimal),
            Metric.of("fsyncs/rec", "fsyncs_per_record", r -> r.result().costs().fsyncsPerRecord(), Format::decimal),
            Metric.of("fsync us/rec", "fsync_micros_per_record", r -> r.result().costs().fsyncMicrosPerRecord(), Format::decimal),
            Metric.of("W mean us", "service_mean_micros", r -> r.result().costs().serviceMeanMicros(), Format::decimal),
            Metric.of("W p99 us", "service_p99_micros", r -> r.result().costs().serviceP99Micros(), Format::decimal)),
            process("broker", Costs::broker));

    private static final List<Metric> GAUGES = List.of(
            Metric.of("buffered peak KB", "buffered_peak_kb", r -> r.result().producerGauges().bufferedBytesPeak() / BYTES_PER_KB,
                    Format::decimal),
            Metric.of("in flight peak", "in_flight_peak", r -> r.result().producerGauges().inFlightRequestsPeak(), Format::count));

    private static final List<Metric> CLIENT = concat(concat(List.of(
            Metric.of("wire B/rec", "client_written_bytes_per_record", r -> r.result().costs().client().writtenBytesPerRecord(),
                    Format::decimal).unless(r -> r.result().costs().client().procIo() ? null : Format.NOT_AVAILABLE)),
            process("client", Costs::client)), GAUGES);

    private static final List<Metric> SWEEP = concat(List.of(THROUGHPUT.get(0), THROUGHPUT.get(1), SATURATED_P50,
            SATURATED_P99, RECORDS_PER_REQUEST), GAUGES);

    /**
     * One process's costs per record; the system-call figures are n/a where {@code /proc/<pid>/io}
     * does not exist.
     */
    private static List<Metric> process(String side, Function<Costs, Costs.ProcessCosts> of) {
        return processOf(side, r -> of.apply(r.result().costs()));
    }

    /** The same, for costs a run may not have measured ({@code costs} gives null): skipped then. */
    private static List<Metric> processOf(String side, Function<Run, Costs.ProcessCosts> costs) {
        Function<Run, String> notMeasured = r -> costs.apply(r) == null ? SKIPPED : null;
        Function<Run, String> noProc = r -> costs.apply(r) == null ? SKIPPED
                : costs.apply(r).procIo() ? null : Format.NOT_AVAILABLE;
        return List.of(
                Metric.of("syscalls/rec", side + "_syscalls_per_record", r -> figure(costs, r, Costs.ProcessCosts::syscallsPerRecord),
                        Format::decimal).unless(noProc),
                Metric.of("reads/rec", side + "_reads_per_record", r -> figure(costs, r, Costs.ProcessCosts::readsPerRecord),
                        Format::decimal).unless(noProc),
                Metric.of("writes/rec", side + "_writes_per_record", r -> figure(costs, r, Costs.ProcessCosts::writesPerRecord),
                        Format::decimal).unless(noProc),
                Metric.of("B/read call", side + "_bytes_per_read", r -> figure(costs, r, Costs.ProcessCosts::bytesPerRead),
                        Format::decimal).unless(noProc),
                Metric.of("B/write call", side + "_bytes_per_write", r -> figure(costs, r, Costs.ProcessCosts::bytesPerWrite),
                        Format::decimal).unless(noProc),
                Metric.of("CPU us/rec", side + "_cpu_micros_per_record", r -> figure(costs, r, Costs.ProcessCosts::cpuMicrosPerRecord),
                        Format::decimal).unless(notMeasured),
                Metric.of("alloc B/rec", side + "_allocated_bytes_per_record",
                        r -> figure(costs, r, Costs.ProcessCosts::allocatedBytesPerRecord), Format::decimal).unless(notMeasured));
    }

    private static double figure(Function<Run, Costs.ProcessCosts> costs, Run r,
                                 ToDoubleFunction<Costs.ProcessCosts> figure) {
        Costs.ProcessCosts c = costs.apply(r);
        return c == null ? Double.NaN : figure.applyAsDouble(c);
    }

    /** The broker's costs per record read during the replay: what serving fetches costs. */
    private static final List<Metric> REPLAY_BROKER = processOf("replay_broker",
            r -> r.result().replay() == null ? null : r.result().replay().broker());

    /** The client's costs per record read during the replay: what reading the answers costs the consumer. */
    private static final List<Metric> REPLAY_CLIENT = processOf("replay_client",
            r -> r.result().replay() == null ? null : r.result().replay().client());

    private static double replay(Run r, ToDoubleFunction<Replay.Result> figure) {
        return r.result().replay() == null ? Double.NaN : figure.applyAsDouble(r.result().replay());
    }

    private static <T> List<T> concat(List<T> first, List<T> second) {
        List<T> all = new ArrayList<>(first);
        all.addAll(second);
        return List.copyOf(all);
    }

    /** What every table of a run with {@code repeats} repetitions shows, in a line or two. */
    static String howToRead(int repeats) {
        String scenarios = "Scenario names are <value size>-<producers>p[-rtt<added round trip, ms>]; every ratio"
                + " compares stages in the same scenario.";
        if (repeats == 1) {
            return scenarios + " One run per stage and scenario (repeats=1).";
        }
        return scenarios + " Each figure is the median of " + repeats + " repetitions, then (min..max) over them"
                + " where they differ; each ratio is taken within one repetition, then summarised the same way"
                + " (the median of the ratios, not the ratio of the medians).";
    }

    /** The tables of a run: a comparison's, or one per stage for a sweep. */
    public static List<ResultsTable> of(List<StageResult> results, boolean sweep) {
        List<Run> runs = runs(results);
        return sweep ? sweeps(runs) : List.of(
                table("Throughput", List.of(), "throughput.csv", runs, THROUGHPUT),
                table("Latency", List.of("Open loop: records due on a fixed timetable at the offered rate (a share of"
                                + " the stage's own closed-loop rate, or a fixed rate: latency.rate), each latency from"
                                + " when the record was due to its acknowledgement, so a stall counts for every record"
                                + " it delays (coordinated omission corrected). Achieved below offered: the stage fell"
                                + " behind, and records never sent are missing from the percentiles.",
                        "saturated: the closed loop's send-to-acknowledgement latency at full load, mostly time"
                                + " queued behind the runner's window of max.unacked.records (Little's law: window /"
                                + " throughput), not the technique's own latency."), "latency.csv", runs, LATENCY)
                        .withCappedNote(),
                table("Broker cost per record", List.of(), "broker-costs.csv", runs, BROKER),
                table("Client (load generator) cost per record", List.of(), "client-costs.csv", runs, CLIENT),
                table("Broker cost per replayed record", List.of("The broker process over the measured replay, per"
                        + " record the consumer read: what serving fetches costs (system calls as in the tables above;"
                        + " a sendfile(2) counts as one read and one write)."), "replay-broker-costs.csv", runs,
                        REPLAY_BROKER),
                table("Client (consumer) cost per replayed record", List.of("The client process over the same"
                        + " window, per record read: what reading the answers costs the consumer, its one busy"
                        + " thread then."), "replay-client-costs.csv", runs, REPLAY_CLIENT));
    }

    private static List<Run> runs(List<StageResult> results) {
        List<Comparison> comparisons = Comparison.of(results);
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            runs.add(new Run(results.get(i), comparisons.get(i)));
        }
        return runs;
    }

    /** One row per stage and scenario, over its repetitions. */
    private static ResultsTable table(String title, List<String> notes, String csvName, List<Run> runs,
                                      List<Metric> metrics) {
        List<Column> columns = new ArrayList<>(List.of(label(STAGE_HEADER), label(SCENARIO_HEADER)));
        metrics.forEach(m -> columns.add(new Column(m.header(), m.csvName(), true)));
        List<List<Value>> rows = new ArrayList<>();
        groupBy(runs, r -> List.of(r.result().stage(), r.result().scenario().name())).forEach((key, group) -> {
            List<Value> row = new ArrayList<>(key.stream().map(Label::new).toList());
            metrics.forEach(m -> row.add(m.over(group)));
            rows.add(row);
        });
        return new ResultsTable(title, notes, csvName, columns, rows);
    }

    private static Column label(String header) {
        return new Column(header, header, false);
    }

    /** The runs grouped by {@code key}, groups in the order their first run ran. */
    private static Map<List<String>, List<Run>> groupBy(List<Run> runs, Function<Run, List<String>> key) {
        return runs.stream().collect(Collectors.groupingBy(key, LinkedHashMap::new, Collectors.toList()));
    }

    /**
     * A sweep: per stage, in the order the stages ran, a row per scenario and combination, the
     * swept values as columns, then what the knobs trade: throughput, latency, records per
     * request and the client memory it took.
     */
    private static List<ResultsTable> sweeps(List<Run> runs) {
        List<ResultsTable> tables = new ArrayList<>();
        groupBy(runs, r -> List.of(r.result().stage())).forEach((stage, stageRuns) -> tables.add(sweep(stage.get(0), stageRuns)));
        return tables;
    }

    private static ResultsTable sweep(String stage, List<Run> runs) {
        Set<String> keys = new LinkedHashSet<>();
        runs.forEach(r -> keys.addAll(r.result().sweep().keySet()));
        List<Column> columns = new ArrayList<>(List.of(label(STAGE_HEADER), label(SCENARIO_HEADER)));
        keys.forEach(key -> columns.add(label(key)));
        SWEEP.forEach(m -> columns.add(new Column(m.header(), m.csvName(), true)));
        List<List<Value>> rows = new ArrayList<>();
        groupBy(runs, r -> sweepKey(r, keys)).forEach((key, group) -> {
            List<Value> row = new ArrayList<>(key.stream().map(Label::new).toList());
            SWEEP.forEach(m -> row.add(m.over(group)));
            rows.add(row);
        });
        return new ResultsTable("Sweep of " + stage + ", produce only (replay skipped)", List.of(
                "saturated: closed loop at full load, mostly time queued behind the runner's window"),
                "sweep-" + stage + ".csv", columns, rows).withCappedNote();
    }

    private static List<String> sweepKey(Run r, Set<String> keys) {
        List<String> key = new ArrayList<>(List.of(r.result().stage(), r.result().scenario().name()));
        keys.forEach(k -> key.add(r.result().sweep().getOrDefault(k, Format.MISSING)));
        return key;
    }

    /** The run's calibration: this machine's round trip and fsync, and each delay proxy's round trip. */
    public static ResultsTable calibration(Calibration c) {
        List<List<Value>> rows = new ArrayList<>(List.of(
                calibrationRow(Calibration.LOOPBACK_LABEL, c.loopbackRoundTrip()),
                calibrationRow(Calibration.FSYNC_LABEL, c.fsyncAfter4KbWrite())));
        c.delayProxyRoundTrips().forEach(p -> rows.add(calibrationRow(p.label(), p.roundTrip())));
        List<Column> columns = List.of(label("measurement"), new Column("p50 us", "p50_us", true),
                new Column("p99 us", "p99_us", true), new Column("samples", "samples", true));
        return new ResultsTable(CALIBRATION_TITLE, List.of(), null, columns, rows);
    }

    private static List<Value> calibrationRow(String label, Calibration.Percentiles p) {
        return List.of(new Label(label), Figure.of(p.p50Micros(), Format::decimal),
                Figure.of(p.p99Micros(), Format::decimal), Figure.of(p.samples(), Format::count));
    }

    /** This table, with {@link #CAPPED_NOTE} among its notes if a figure is marked capped. */
    private ResultsTable withCappedNote() {
        if (rows().stream().flatMap(List::stream).noneMatch(cell -> cell.contains(CAPPED))) {
            return this;
        }
        List<String> withNote = new ArrayList<>(notes);
        withNote.add(CAPPED_NOTE);
        return new ResultsTable(title, List.copyOf(withNote), csvName, columns, cells);
    }

    public List<String> headers() {
        return columns.stream().map(Column::header).toList();
    }

    /** Every cell as printed. */
    public List<List<String>> rows() {
        return cells.stream().map(row -> row.stream().map(Value::text).toList()).toList();
    }

    /** Aligned columns: labels left-aligned, figures right-aligned. */
    public String toText() {
        List<List<String>> rows = rows();
        int[] widths = widths(rows);
        StringBuilder sb = new StringBuilder(title).append('\n');
        notes.forEach(note -> sb.append(note).append('\n'));
        appendTextRow(sb, headers(), widths);
        for (List<String> row : rows) {
            appendTextRow(sb, row, widths);
        }
        return sb.toString();
    }

    public String toMarkdown() {
        StringBuilder sb = new StringBuilder("### ").append(title).append("\n\n");
        notes.forEach(note -> sb.append(note).append("\n\n"));
        sb.append("| ").append(String.join(" | ", headers())).append(" |\n|");
        for (Column column : columns) {
            sb.append(column.figure() ? "---:|" : "---|");
        }
        sb.append('\n');
        for (List<String> row : rows()) {
            sb.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return sb.toString();
    }

    /** The raw figures: a label column as is, a figure column as its median, min and max. */
    public String toCsv() {
        List<String> header = new ArrayList<>();
        for (Column column : columns) {
            if (column.figure()) {
                header.addAll(List.of(column.csvName() + "_median", column.csvName() + "_min", column.csvName() + "_max"));
            } else {
                header.add(column.csvName());
            }
        }
        StringBuilder sb = new StringBuilder(csvLine(header));
        for (List<Value> row : cells) {
            sb.append(csvLine(row.stream().flatMap(value -> value.csv().stream()).toList()));
        }
        return sb.toString();
    }

    private static String csvLine(List<String> fields) {
        return fields.stream().map(ResultsTable::csvField).collect(Collectors.joining(CSV_SEPARATOR)) + "\n";
    }

    /** RFC 4180: a field with a separator, a quote or a line break is quoted, its quotes doubled. */
    private static String csvField(String field) {
        if (field.contains(CSV_SEPARATOR) || field.contains("\"") || field.contains("\n")) {
            return "\"" + field.replace("\"", "\"\"") + "\"";
        }
        return field;
    }

    private int[] widths(List<List<String>> rows) {
        int[] widths = new int[columns.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = columns.get(i).header().length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        return widths;
    }

    private void appendTextRow(StringBuilder sb, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            String padding = " ".repeat(widths[i] - cell.length());
            line.append(i == 0 ? "" : COLUMN_GAP).append(columns.get(i).figure() ? padding + cell : cell + padding);
        }
        sb.append(line.toString().stripTrailing()).append('\n');
    }
}
