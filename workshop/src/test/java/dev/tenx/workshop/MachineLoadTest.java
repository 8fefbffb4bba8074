package dev.tenx.workshop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.List;
import org.junit.jupiter.api.Test;

class MachineLoadTest {

    private static final Calibration CALIBRATION = new Calibration(new Calibration.Percentiles(3_000, 21.0, 55.5),
            new Calibration.Percentiles(300, 1_000, 9_000));
    /** Stage 0's costs in TestResults: 3,000 fsyncs in 612 ms, 204 us each. */
    private static final List<StageResult> STAGE0 = List.of(TestResults.stage("stage0-naive", 0, 75, 1_872));

    private static MachineLoad.Snapshot snapshot(long user, long idle, long steal, long own, String load) {
        return MachineLoad.Snapshot.parse(List.of(
                        "cpu  " + user + " 0 0 " + idle + " 0 0 0 " + steal + " 0 0",
                        "cpu0 1 0 0 1 0 0 0 0 0 0",
                        "cpu1 1 0 0 1 0 0 0 0 0 0",
                        "intr 1"),
                "4242 (java main) S 1 4242 4242 0 -1 4194560 1 0 0 0 " + own + " 0 0 0 20 0 30 0",
                load + " 0.50 0.25 2/200 4243");
    }

    @Test
    void parsesProcStatSelfStatAndLoadavg() {
        MachineLoad.Snapshot s = MachineLoad.Snapshot.parse(List.of(
                        "cpu  100 5 30 800 7 1 2 9 0 0", "cpu0 1 1 1 1 1 1 1 1 0 0", "cpu1 1 1 1 1 1 1 1 1 0 0"),
                "17 (a (strange) name) R 1 17 17 0 -1 0 0 0 0 0 11 12 13 14 20 0 1 0",
                "3.25 1.00 0.50 3/300 99");
        assertThat(s).isEqualTo(new MachineLoad.Snapshot(138, 9, 954, 50, 2, 3.25));
    }

    @Test
    void otherProcessesTakingACoreOfTwoMakeTheRunBusy() {
        // 10 s on 2 CPUs = 2,000 ticks: 1,800 busy, of which the run's own 800.
        MachineLoad load = MachineLoad.between(snapshot(0, 0, 0, 0, "0.5"), snapshot(1_800, 200, 0, 800, "4.1"),
                CALIBRATION, STAGE0);
        assertThat(load.otherCores()).isCloseTo(1.0, offset(1e-9));
        assertThat(load.busy()).isTrue();
        assertThat(load.verdict()).startsWith("BUSY MACHINE: other processes used 1.00 of 2 cores")
                .contains("load average 0.500 at the start and 4.10 at the end", "'vs stage0' ratios come out higher");
    }

    @Test
    void theRunsOwnWorkIsNotOtherWork() {
        MachineLoad load = MachineLoad.between(snapshot(0, 0, 0, 0, "0.1"), snapshot(1_500, 500, 0, 1_450, "2.0"),
                CALIBRATION, STAGE0);
        assertThat(load.otherCores()).isCloseTo(0.05, offset(1e-9));
        assertThat(load.busy()).isFalse();
        assertThat(load.verdict()).startsWith("Machine: quiet enough for this run").doesNotContain("BUSY");
    }

    @Test
    void stealMakesTheRunBusy() {
        MachineLoad load = MachineLoad.between(snapshot(0, 0, 0, 0, "0.1"), snapshot(1_000, 800, 200, 1_000, "2.0"),
                CALIBRATION, STAGE0);
        assertThat(load.stealShare()).isCloseTo(0.1, offset(1e-9));
        assertThat(load.busy()).isTrue();
    }

    @Test
    void eachStagesInRunFsyncIsSetAgainstTheCalibrations() {
        MachineLoad load = MachineLoad.between(MachineLoad.Snapshot.UNKNOWN, MachineLoad.Snapshot.UNKNOWN,
                CALIBRATION, STAGE0);
        assertThat(load.fsyncVsCalibration()).containsOnlyKeys("stage0-naive");
        assertThat(load.fsyncVsCalibration().get("stage0-naive")).isCloseTo(0.204, offset(1e-9));
        assertThat(load.fsyncLine()).contains("stage0-naive 0.204x");
        assertThat(load.busy()).as("nothing known, nothing claimed").isFalse();
        assertThat(load.verdict()).startsWith("Machine load: unknown");
    }
}
