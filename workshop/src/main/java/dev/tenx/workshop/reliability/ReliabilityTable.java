package dev.tenx.workshop.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The reliability run's report in Markdown: one summary row per stage, then the details. Stateless. */
final class ReliabilityTable {

    private ReliabilityTable() {}

    static String report(ReliabilityConfig config, List<ReliabilityRunner.StageReliability> results) {
        StringBuilder md = new StringBuilder();
        md.append("# tenx reliability run\n\n");
        md.append("Run on ").append(java.time.LocalDate.now()).append(": ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
                .append(System.getProperty("java.version")).append(", ").append(System.getProperty("os.name")).append(' ')
                .append(System.getProperty("os.version")).append(".\n\n");
        md.append("Settings: ").append(config.values()).append("\n\n");
        md.append("| stage | crash cycles | acked | lost | corrupt | dup | never sent | recovery p50 ms | max ms "
                + "| in flight at kill | power-loss points | acked checked | lost | disk faults ok | lost "
                + "| hostile frames | silent closes | hangs | broker deaths | bystander acked | lost | broker RSS peak MiB "
                + "| verdict |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:"
                + "|---:|---:|---|\n");
        for (ReliabilityRunner.StageReliability r : results) {
            CrashCycles.Result c = r.crashes();
            PowerLossPoints.Result p = r.powerLoss();
            HostileFrames.Result h = r.hostile();
            long okFaults = r.diskFaults().stream().filter(DiskFaults.Result::clean).count();
            int faultLost = r.diskFaults().stream().mapToInt(f -> f.lost() + f.corrupt()).sum();
            md.append("| ").append(r.stage().name())
                    .append(" | ").append(c.cycles()).append(" | ").append(c.acknowledged()).append(" | ").append(c.lost())
                    .append(" | ").append(c.corrupt()).append(" | ").append(c.duplicated()).append(" | ").append(c.neverSent())
                    .append(" | ").append(percentile(c.recoveryMs(), 50)).append(" | ").append(percentile(c.recoveryMs(), 100))
                    .append(" | ").append(String.format(Locale.ROOT, "%.0f", c.meanInFlightAtKill()))
                    .append(" | ").append(p.points()).append(" | ").append(p.acknowledgedChecked()).append(" | ")
                    .append(p.lost() + p.corrupt())
                    .append(" | ").append(okFaults).append(" of ").append(r.diskFaults().size()).append(" | ").append(faultLost)
                    .append(" | ").append(h.frames()).append(" | ").append(h.silentCloses()).append(" | ").append(h.hangs())
                    .append(" | ").append(h.brokerDeaths()).append(" | ").append(h.bystanderAcked()).append(" | ")
                    .append(h.lost()).append(" | ").append(h.peakRssKb() == 0 ? "n/a" : String.valueOf(h.peakRssKb() / 1024))
                    .append(" | ").append(r.clean() ? "pass" : "FAIL").append(" |\n");
        }
        md.append("\nDisk faults (one write, fsync or directory fsync fails once; then the power goes, nothing unforced "
                + "surviving, and a broker restarts on what is left):\n\n");
        md.append("| stage | fault | reached | acked before | acked after the error | lost | what producers were told "
                + "| problem |\n|---|---|---|---:|---:|---:|---|---|\n");
        for (ReliabilityRunner.StageReliability r : results) {
            for (DiskFaults.Result f : r.diskFaults()) {
                md.append("| ").append(r.stage().name()).append(" | ").append(f.fault().name()).append(" | ")
                        .append(f.reached() ? "yes" : "no").append(" | ").append(f.acknowledgedBefore()).append(" | ")
                        .append(f.acknowledgedAfterError()).append(" | ").append(f.lost() + f.corrupt()).append(" | ")
                        .append(cell(f.clearError())).append(" | ").append(cell(f.firstProblem())).append(" |\n");
            }
        }
        md.append("\nHostile frames by layer and outcome:\n\n| stage | layer: outcome | frames |\n|---|---|---:|\n");
        for (ReliabilityRunner.StageReliability r : results) {
            for (Map.Entry<String, Integer> e : r.hostile().outcomes().entrySet()) {
                md.append("| ").append(r.stage().name()).append(" | ").append(cell(e.getKey())).append(" | ")
                        .append(e.getValue()).append(" |\n");
            }
        }
        md.append("\nProblems found, and time per stage:\n\n");
        for (ReliabilityRunner.StageReliability r : results) {
            md.append("- ").append(r.stage().name()).append(" (").append(r.took().toSeconds()).append(" s): ");
            List<String> problems = new ArrayList<>();
            addIf(problems, "crash cycles", r.crashes().firstProblem());
            addIf(problems, "power loss", r.powerLoss().firstProblem());
            addIf(problems, "hostile frames", r.hostile().firstProblem());
            if (!r.hostile().bystanderKeptGoing()) {
                problems.add("hostile frames: the bystander's acknowledgements stopped");
            }
            md.append(problems.isEmpty() ? "none" : String.join("; ", problems)).append("\n");
        }
        return md.toString();
    }

    private static void addIf(List<String> problems, String check, String problem) {
        if (!problem.isEmpty()) {
            problems.add(check + ": " + problem);
        }
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    private static long percentile(List<Long> values, int percent) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Long> sorted = values.stream().sorted().toList();
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
