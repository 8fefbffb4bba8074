package dev.tenx.workshop;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * One stage's throughput as a multiple of stage 0's and of the stage before it, both at the same
 * added round trip in this run: a ratio across two rtt.ms values would mix the technique's gain
 * with the network's cost. NaN where there is nothing to compare with (no stage 0 at that rtt,
 * or the first row at it). Immutable; built once per run by the controlling thread, after every
 * stage has run.
 */
public record Comparison(String stage, double rttMs, double produceVsStage0, double produceVsPrevious,
                         double replayVsStage0, double replayVsPrevious) {

    private static final ToDoubleFunction<StageResult> PRODUCE = r -> r.produce().recordsPerSecond();
    private static final ToDoubleFunction<StageResult> REPLAY = r -> r.replay() == null
            ? Double.NaN : r.replay().recordsPerSecond();

    /** One comparison per result, in order; "previous" is the nearest earlier result at the same rtt. */
    public static List<Comparison> of(List<StageResult> results) {
        Map<Double, StageResult> stage0 = new HashMap<>();
        for (StageResult r : results) {
            if (r.number() == 0) {
                stage0.putIfAbsent(r.rttMs(), r);
            }
        }
        Map<Double, StageResult> previous = new HashMap<>();
        List<Comparison> comparisons = new ArrayList<>();
        for (StageResult r : results) {
            StageResult base = stage0.get(r.rttMs());
            StageResult prev = previous.put(r.rttMs(), r);
            comparisons.add(new Comparison(r.stage(), r.rttMs(),
                    ratio(r, base, PRODUCE), ratio(r, prev, PRODUCE),
                    ratio(r, base, REPLAY), ratio(r, prev, REPLAY)));
        }
        return comparisons;
    }

    private static double ratio(StageResult r, StageResult baseline, ToDoubleFunction<StageResult> figure) {
        return baseline == null ? Double.NaN : Rates.ratio(figure.applyAsDouble(r), figure.applyAsDouble(baseline));
    }
}
