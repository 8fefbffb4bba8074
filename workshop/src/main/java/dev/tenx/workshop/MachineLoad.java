package dev.tenx.workshop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How busy this machine was with work that is not the run's, so that a reader knows whether the
 * figures can mean what the READMEs say. Under load every stage slows, but not alike: a stage
 * that waits on many fixed costs per record (stage 0: three fsyncs and a round trip) loses most,
 * so ratios against it grow, and a prediction from the calibration stops holding. Four
 * measurements, recorded in results.json and printed before the tables:
 *
 * <ul>
 *   <li><b>other processes' CPU</b>: from {@code /proc/stat}, the machine's busy time (user, nice,
 *       system, irq, softirq) over the run, less this JVM's own and its children's (the brokers
 *       and load generators, reaped by the time the run ends: {@code /proc/self/stat}'s utime,
 *       stime, cutime, cstime), in cores;</li>
 *   <li><b>steal</b>: the share of CPU time the hypervisor gave to other guests, where the kernel
 *       reports it (it is 0 on bare metal);</li>
 *   <li><b>load average</b> ({@code /proc/loadavg}, 1 minute) at the start and at the end, against
 *       the cores; it counts the run's own processes too, so it is context, not the verdict;</li>
 *   <li><b>each stage's in-run fsync</b>: the broker's mean time inside one {@code force()} in its
 *       measured window, against the calibration's p50 (a 4 KB write). Near 1 for stage 0, whose
 *       fsyncs each cover a page; above for a stage whose fsync covers more bytes.</li>
 * </ul>
 *
 * <p>The run is busy when other processes took at least {@value #BUSY_OTHER_CORES_SHARE} of the
 * cores on average, or steal reached {@value #BUSY_STEAL_SHARE} of the CPU time. Off Linux nothing
 * is read and the verdict is unknown. Immutable.
 *
 * @param otherCores      cores other processes kept busy, on average over the run; NaN when unknown
 * @param stealShare      stolen CPU time over all CPU time in the run; NaN when unknown
 * @param loadAtStart     1-minute load average before the calibration; NaN when unknown
 * @param loadAtEnd       the same after the last stage run
 * @param fsyncVsCalibration per stage, the median over its runs of (mean fsync in the run ÷ the
 *                        calibration's fsync p50); NaN for a stage whose runs made no fsync
 */
public record MachineLoad(int cores, double otherCores, double stealShare, double loadAtStart, double loadAtEnd,
                          Map<String, Double> fsyncVsCalibration, boolean busy) {

    static final double BUSY_OTHER_CORES_SHARE = 0.25;
    static final double BUSY_STEAL_SHARE = 0.05;
    private static final Path PROC_STAT = Path.of("/proc/stat");
    private static final Path PROC_SELF_STAT = Path.of("/proc/self/stat");
    private static final Path PROC_LOADAVG = Path.of("/proc/loadavg");
    private static final double NANOS_PER_MICRO = 1e3;

    /**
     * The counters at one instant, in clock ticks. Immutable.
     *
     * @param busyTicks  every CPU's user + nice + system + irq + softirq
     * @param totalTicks the same plus idle, iowait and steal
     * @param ownTicks   this process's and its reaped children's user and system time
     * @param cpus       the CPUs /proc/stat counts ({@code cpu0}, {@code cpu1}, ...)
     */
    public record Snapshot(long busyTicks, long stealTicks, long totalTicks, long ownTicks, int cpus,
                           double loadAverage) {

        static final Snapshot UNKNOWN = new Snapshot(0, 0, 0, 0, 0, Double.NaN);

        /** Now, from /proc; {@link #UNKNOWN} where it cannot be read. */
        public static Snapshot take() {
            try {
                return parse(Files.readAllLines(PROC_STAT), Files.readString(PROC_SELF_STAT),
                        Files.readString(PROC_LOADAVG));
            } catch (IOException | RuntimeException e) {
                return UNKNOWN;
            }
        }

        /**
         * {@code cpu  user nice system idle iowait irq softirq steal ...} (/proc/stat's first line,
         * then a {@code cpuN} line per CPU),
         * {@code pid (comm) state ... utime stime cutime cstime ...} (/proc/self/stat, fields 14 to 17,
         * counted after the command, which may hold spaces) and {@code 1.00 0.50 0.25 2/200 1234}.
         */
        static Snapshot parse(List<String> stat, String selfStat, String loadavg) {
            String[] cpu = stat.get(0).trim().split("\\s+");
            int cpus = (int) stat.stream().filter(line -> line.matches("cpu\\d+ .*")).count();
            long user = Long.parseLong(cpu[1]);
            long nice = Long.parseLong(cpu[2]);
            long system = Long.parseLong(cpu[3]);
            long idle = Long.parseLong(cpu[4]);
            long iowait = Long.parseLong(cpu[5]);
            long irq = Long.parseLong(cpu[6]);
            long softirq = Long.parseLong(cpu[7]);
            long steal = cpu.length > 8 ? Long.parseLong(cpu[8]) : 0;
            long busy = user + nice + system + irq + softirq;
            // After "(comm) ", field 3 (state) is index 0, so field n is index n - 3.
            String[] self = selfStat.substring(selfStat.lastIndexOf(')') + 2).split(" ");
            long own = 0;
            for (int field = 14; field <= 17; field++) {
                own += Long.parseLong(self[field - 3]);
            }
            return new Snapshot(busy, steal, busy + idle + iowait + steal, own, cpus,
                    Double.parseDouble(loadavg.trim().split("\\s+")[0]));
        }

        boolean known() {
            return cpus > 0;
        }

        /** The load average against the cores, as the run starts. */
        String describe() {
            if (!known()) {
                return "This machine's load: unknown (no /proc/stat).";
            }
            return "This machine before the run: load average " + Format.decimal(loadAverage) + " on " + cpus
                    + " cores (1 minute; above " + cpus + ", work is already waiting for a CPU: see the line before"
                    + " the tables).";
        }
    }

    /** Between two snapshots, with each stage run's fsyncs against the calibration's. */
    static MachineLoad between(Snapshot start, Snapshot end, Calibration calibration, List<StageResult> results) {
        double otherCores = Double.NaN;
        double steal = Double.NaN;
        int cores = end.cpus();
        long total = end.totalTicks() - start.totalTicks();
        if (start.known() && end.known() && total > 0) {
            long others = Math.max(0, (end.busyTicks() - start.busyTicks()) - (end.ownTicks() - start.ownTicks()));
            // total counts every CPU's ticks: total / cores is the run's wall time in ticks.
            otherCores = (double) others * cores / total;
            steal = (double) (end.stealTicks() - start.stealTicks()) / total;
        }
        boolean busy = otherCores >= BUSY_OTHER_CORES_SHARE * cores || steal >= BUSY_STEAL_SHARE;
        return new MachineLoad(cores, otherCores, steal, start.loadAverage(), end.loadAverage(),
                fsyncVsCalibration(calibration, results), busy);
    }

    private static Map<String, Double> fsyncVsCalibration(Calibration calibration, List<StageResult> results) {
        Map<String, List<Double>> byStage = new LinkedHashMap<>();
        for (StageResult r : results) {
            double meanMicros = r.costs().fsyncs() == 0 ? Double.NaN
                    : r.costs().fsyncNanos() / NANOS_PER_MICRO / r.costs().fsyncs();
            byStage.computeIfAbsent(r.stage(), s -> new ArrayList<>())
                    .add(meanMicros / calibration.fsyncAfter4KbWrite().p50Micros());
        }
        Map<String, Double> medians = new LinkedHashMap<>();
        byStage.forEach((stage, ratios) -> medians.put(stage, Spread.of(ratios).median()));
        return medians;
    }

    /** Whether anything could be read: off Linux, nothing is said. */
    boolean known() {
        return !Double.isNaN(otherCores);
    }

    /**
     * One line, loud when the machine was busy: what was measured and what it does to the
     * figures. Printed before the tables.
     */
    String verdict() {
        if (!known()) {
            return "Machine load: unknown (no /proc/stat): whether other work slowed this run cannot be said.";
        }
        String measured = String.format(Locale.ROOT, "other processes used %s of %d cores on average during the"
                        + " run, steal %s%%, load average %s at the start and %s at the end",
                Format.decimal(otherCores), cores, Format.decimal(stealShare * 100), Format.decimal(loadAtStart),
                Format.decimal(loadAtEnd));
        if (!busy) {
            return "Machine: quiet enough for this run (" + measured + ").";
        }
        return "BUSY MACHINE: " + measured + ". Every figure is lower than on a quiet machine, and not alike: the"
                + " stage that waits on the most fixed costs per record (stage 0's fsyncs and round trips) loses most,"
                + " so 'vs stage0' ratios come out higher than the READMEs' and predictions from the calibration do"
                + " not hold. Compare ratios within this run, check them with -Drepeats=3, and rerun on a quiet"
                + " machine before quoting a figure.";
    }

    /** Each stage's fsync in its runs against the calibration's, on one line. */
    String fsyncLine() {
        List<String> parts = new ArrayList<>();
        fsyncVsCalibration.forEach((stage, ratio) -> parts.add(stage + " " + Format.ratio(ratio)));
        return "In-run fsync (the broker's mean time in one force()) / the calibration's fsync p50: "
                + String.join(", ", parts) + ". Near 1x for stage 0, whose fsyncs each cover a 4 KB page, on a"
                + " disk nothing else is writing to; a stage whose fsync covers more bytes measures above 1x.";
    }
}
