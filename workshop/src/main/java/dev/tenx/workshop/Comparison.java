package dev.tenx.workshop;

import dev.tenx.common.spi.Stage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * One stage run's throughput as a multiple of stage 0's and of the stage before it, both in the
 * same repetition of the same scenario: a ratio across two scenarios would mix the technique's
 * gain with the workload's (a round trip, a record size), and a ratio across two repetitions
 * would let the machine's drift between them pass for a gain. NaN where there is nothing to
 * compare with (no stage 0 in that repetition and scenario, no stage numbered below, or a peer's "vs prev":
 * a peer is beside the stages, not after them). Immutable;
 * built once per run by the controlling thread, after every stage has run.
 */
public record Comparison(String stage, int repetition, String scenario, double produceVsStage0,
                         double produceVsPrevious, double replayVsStage0, double replayVsPrevious) {

    private static final ToDoubleFunction<StageResult> PRODUCE = r -> r.produce().recordsPerSecond();
    private static final ToDoubleFunction<StageResult> REPLAY = r -> r.replay() == null
            ? Double.NaN : r.replay().recordsPerSecond();

    /** Which runs may be compared: those of one repetition of one scenario. */
    private record Group(int repetition, String scenario) {
        static Group of(StageResult r) {
            return new Group(r.repetition(), r.scenario().name());
        }
    }

    /**
     * One comparison per result, in order. "Previous" is the stage numbered closest below in the
     * same group, whatever the order they ran in (a counterbalanced plan runs them in reverse
     * every other repetition).
     */
    public static List<Comparison> of(List<StageResult> results) {
        Map<Group, StageResult> stage0 = new HashMap<>();
        Map<Group, List<StageResult>> stages = new HashMap<>();
        for (StageResult r : results) {
            if (r.number() == 0) {
                stage0.putIfAbsent(Group.of(r), r);
            }
            if (r.number() != Stage.PEER_NUMBER) {
                stages.computeIfAbsent(Group.of(r), g -> new ArrayList<>()).add(r);
            }
        }
        List<Comparison> comparisons = new ArrayList<>();
        for (StageResult r : results) {
            StageResult base = stage0.get(Group.of(r));
            // A peer (Kafka) is compared with stage 0, and is nobody's "previous": the chain is the stages'.
            StageResult prev = r.number() == Stage.PEER_NUMBER ? null : previous(r, stages.get(Group.of(r)));
            comparisons.add(new Comparison(r.stage(), r.repetition(), r.scenario().name(),
                    ratio(r, base, PRODUCE), ratio(r, prev, PRODUCE),
                    ratio(r, base, REPLAY), ratio(r, prev, REPLAY)));
        }
        return comparisons;
    }

    private static StageResult previous(StageResult r, List<StageResult> group) {
        return group.stream().filter(other -> other.number() < r.number())
                .max(Comparator.comparingInt(StageResult::number)).orElse(null);
    }

    private static double ratio(StageResult r, StageResult baseline, ToDoubleFunction<StageResult> figure) {
        return baseline == null ? Double.NaN : Rates.ratio(figure.applyAsDouble(r), figure.applyAsDouble(baseline));
    }
}
