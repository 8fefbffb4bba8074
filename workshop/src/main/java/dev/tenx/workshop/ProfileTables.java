package dev.tenx.workshop;

import dev.tenx.workshop.profile.Category;
import dev.tenx.workshop.profile.ProcessProfile;
import dev.tenx.workshop.profile.StageProfile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleFunction;
import java.util.function.ToDoubleFunction;

/**
 * The profiles of a run as {@link ResultsTable}s: per process (broker, client), the share of its
 * sampled thread time in each {@link Category} and the µs per record that share stands for, a row
 * per stage, scenario and window (produce, replay), each figure summarised over the repetitions;
 * and the top methods and allocation sites of each stage's first repetition. Empty when the run
 * did not profile. Pure: builds tables, keeps nothing.
 */
final class ProfileTables {

    static final String BROKER_SHARES_TITLE = "Where the broker's time goes";
    static final String WINDOW_HEADER = "window";
    /** Methods per stage and window in the console; results.md has every one {@link ProcessProfile} keeps. */
    static final int CONSOLE_METHODS = 5;
    private static final double PERCENT = 100;
    private static final double WHOLE_PERCENT = 10;

    private ProfileTables() {}

    /** A profile and the run it came from. */
    private record Entry(StageResult result, ProcessProfile profile) {
        List<String> key() {
            return List.of(result.stage(), result.scenario().name(), profile.phase());
        }
    }

    /** The tables the console prints: the broker's shares and µs per record, the client's shares, the broker's top methods. */
    static List<ResultsTable> console(List<StageResult> results) {
        if (entries(results, StageProfile.BROKER).isEmpty()) {
            return List.of();
        }
        return List.of(shares(results, StageProfile.BROKER, BROKER_SHARES_TITLE),
                perRecord(results, StageProfile.BROKER),
                shares(results, StageProfile.CLIENT, "Where the client's (load generator's) time goes"),
                methods(results, StageProfile.BROKER, CONSOLE_METHODS));
    }

    /** Every profile table, for results.md and the CSVs. */
    static List<ResultsTable> all(List<StageResult> results) {
        if (entries(results, StageProfile.BROKER).isEmpty()) {
            return List.of();
        }
        return List.of(shares(results, StageProfile.BROKER, BROKER_SHARES_TITLE),
                perRecord(results, StageProfile.BROKER),
                shares(results, StageProfile.CLIENT, "Where the client's (load generator's) time goes"),
                perRecord(results, StageProfile.CLIENT),
                methods(results, StageProfile.BROKER, Integer.MAX_VALUE),
                methods(results, StageProfile.CLIENT, Integer.MAX_VALUE),
                allocations(results, StageProfile.BROKER),
                allocations(results, StageProfile.CLIENT));
    }

    private static ResultsTable shares(List<StageResult> results, String process, String title) {
        List<String> notes = List.of("JFR samples of the " + process + "'s threads in the measured window, each weighed"
                + " as the thread time it stands for, GC pauses added; each share is of that time, and they sum to 100%."
                + " threads: that time / the window, how many threads were running or in a system call on average"
                + " (blocked threads are not sampled). How samples are weighed and classified: workshop/README.md, Profile;"
                + " what recording costs is measured apart, by -Pprofile-overhead (same section, What it costs).");
        return table(title, notes, process + "-profile-shares.csv", entries(results, process),
                c -> p -> p.share(c), ProfileTables::percent, p -> p.threads(), "threads");
    }

    private static ResultsTable perRecord(List<StageResult> results, String process) {
        List<String> notes = List.of("The same thread time per record, in us: the share times the window's thread time,"
                + " / the records of the window (produce: the broker's records appended; replay: the records read)."
                + " For encode/decode, copying and other, CPU time (a thread running Java code is on a core or"
                + " waiting for one); for fsync, file and network I/O, time inside the call; busy: all but waiting.");
        return table("Thread time per record by category, " + process + ", us", notes,
                process + "-profile-us-per-record.csv", entries(results, process),
                c -> p -> p.microsPerRecord(c), Format::decimal, ProfileTables::busyMicrosPerRecord, "busy us/rec");
    }

    private static double busyMicrosPerRecord(ProcessProfile p) {
        double sum = 0;
        for (Category c : Category.values()) {
            if (c != Category.WAITING) {
                sum += p.microsPerRecord(c);
            }
        }
        return sum;
    }

    /** One column per category, then one more figure; a row per stage, scenario and window. */
    private static ResultsTable table(String title, List<String> notes, String csvName, List<Entry> entries,
                                      java.util.function.Function<Category, ToDoubleFunction<ProcessProfile>> figure,
                                      DoubleFunction<String> format, ToDoubleFunction<ProcessProfile> last,
                                      String lastHeader) {
        List<ResultsTable.Column> columns = new ArrayList<>(labels());
        for (Category c : Category.values()) {
            columns.add(new ResultsTable.Column(c.label(), csv(c.label()), true));
        }
        columns.add(new ResultsTable.Column(lastHeader, csv(lastHeader), true));
        List<List<ResultsTable.Value>> rows = new ArrayList<>();
        group(entries).forEach((key, group) -> {
            List<ResultsTable.Value> row = new ArrayList<>(key.stream().map(ResultsTable.Label::new).toList());
            for (Category c : Category.values()) {
                row.add(over(group, figure.apply(c), format));
            }
            row.add(over(group, last, Format::decimal));
            rows.add(row);
        });
        return new ResultsTable(title, notes, csvName, columns, rows);
    }

    private static ResultsTable methods(List<StageResult> results, String process, int limit) {
        List<ResultsTable.Column> columns = new ArrayList<>(labels());
        columns.addAll(List.of(new ResultsTable.Column("category", "category", false),
                new ResultsTable.Column("innermost frame", "frame", false),
                new ResultsTable.Column("busy share", "busy_share", true),
                new ResultsTable.Column("us/rec", "us_per_record", true)));
        List<List<ResultsTable.Value>> rows = new ArrayList<>();
        firstRepetition(entries(results, process)).forEach(e -> e.profile().topMethods().stream().limit(limit).forEach(m ->
                rows.add(List.of(new ResultsTable.Label(e.result().stage()), new ResultsTable.Label(e.result().scenario().name()),
                        new ResultsTable.Label(e.profile().phase()), new ResultsTable.Label(m.category()),
                        new ResultsTable.Label(m.frame()), ResultsTable.Figure.of(m.busyShare(), ProfileTables::percent),
                        ResultsTable.Figure.of(m.microsPerRecord(), Format::decimal)))));
        String top = limit == Integer.MAX_VALUE ? "" : " (top " + limit + ")";
        return new ResultsTable("Top methods, " + process + top, List.of("The innermost frames that took the most"
                + " thread time outside waiting, first repetition; busy share: of the thread time outside waiting."),
                process + "-profile-methods.csv", columns, rows);
    }

    private static ResultsTable allocations(List<StageResult> results, String process) {
        List<ResultsTable.Column> columns = new ArrayList<>(labels());
        columns.addAll(List.of(new ResultsTable.Column("allocation site", "site", false),
                new ResultsTable.Column("share", "share", true),
                new ResultsTable.Column("B/rec", "bytes_per_record", true)));
        List<List<ResultsTable.Value>> rows = new ArrayList<>();
        firstRepetition(entries(results, process)).forEach(e -> e.profile().topAllocations().forEach(a ->
                rows.add(List.of(new ResultsTable.Label(e.result().stage()), new ResultsTable.Label(e.result().scenario().name()),
                        new ResultsTable.Label(e.profile().phase()), new ResultsTable.Label(a.site()),
                        ResultsTable.Figure.of(a.share(), ProfileTables::percent),
                        ResultsTable.Figure.of(a.bytesPerRecord(), Format::decimal)))));
        return new ResultsTable("Top allocation sites, " + process, List.of("JFR's allocation samples (jdk.ObjectAllocationSample),"
                + " each weighed by its estimate of the bytes allocated since the thread's previous sample; the class"
                + " allocated and the first frame outside the JDK; first repetition."),
                process + "-profile-allocations.csv", columns, rows);
    }

    private static List<ResultsTable.Column> labels() {
        return List.of(new ResultsTable.Column(ResultsTable.STAGE_HEADER, ResultsTable.STAGE_HEADER, false),
                new ResultsTable.Column(ResultsTable.SCENARIO_HEADER, ResultsTable.SCENARIO_HEADER, false),
                new ResultsTable.Column(WINDOW_HEADER, WINDOW_HEADER, false));
    }

    private static List<Entry> entries(List<StageResult> results, String process) {
        List<Entry> entries = new ArrayList<>();
        for (StageResult r : results) {
            if (r.profile() != null) {
                r.profile().profiles().stream().filter(p -> p.process().equals(process))
                        .forEach(p -> entries.add(new Entry(r, p)));
            }
        }
        return entries;
    }

    private static List<Entry> firstRepetition(List<Entry> entries) {
        return entries.stream().filter(e -> e.result().repetition() == 1).toList();
    }

    /** Grouped by stage, scenario and window, in run order. */
    private static Map<List<String>, List<Entry>> group(List<Entry> entries) {
        Map<List<String>, List<Entry>> groups = new LinkedHashMap<>();
        entries.forEach(e -> groups.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e));
        return groups;
    }

    private static ResultsTable.Figure over(List<Entry> group, ToDoubleFunction<ProcessProfile> figure,
                                            DoubleFunction<String> format) {
        return new ResultsTable.Figure(Spread.of(group.stream().map(e -> figure.applyAsDouble(e.profile())).toList()),
                format, null);
    }

    /** A share as a percentage: whole from 10% up, one decimal below. */
    static String percent(double share) {
        if (!Double.isFinite(share)) {
            return Format.MISSING;
        }
        double pct = share * PERCENT;
        return String.format(Locale.ROOT, pct >= WHOLE_PERCENT || pct == 0 ? "%.0f%%" : "%.1f%%", pct);
    }

    private static String csv(String header) {
        return header.replaceAll("[^A-Za-z0-9]+", "_").replaceAll("^_|_$", "").toLowerCase(Locale.ROOT);
    }
}
