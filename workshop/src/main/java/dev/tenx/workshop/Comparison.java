package dev.tenx.workshop;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * One stage's throughput as a multiple of stage 0's and of the stage before it in this run.
 * NaN where there is nothing to compare with (no stage 0 in the run, or the first row).
 * Immutable; built once per run by the controlling thread, after every stage has run.
 */
public record Comparison(String stage, double produceVsStage0, double produceVsPrevious,
                         double replayVsStage0, double replayVsPrevious) {

    private static final ToDoubleFunction<StageResult> PRODUCE = r -> r.produce().recordsPerSecond();
    private static final ToDoubleFunction<StageResult> REPLAY = r -> r.replay().recordsPerSecond();

    public static List<Comparison> of(List<StageResult> results) {
        StageResult stage0 = results.stream().filter(r -> r.number() == 0).findFirst().orElse(null);
        List<Comparison> comparisons = new ArrayList<>();
        StageResult previous = null;
        for (StageResult r : results) {
            comparisons.add(new Comparison(r.stage(),
                    ratio(r, stage0, PRODUCE), ratio(r, previous, PRODUCE),
                    ratio(r, stage0, REPLAY), ratio(r, previous, REPLAY)));
            previous = r;
        }
        return comparisons;
    }

    private static double ratio(StageResult r, StageResult baseline, ToDoubleFunction<StageResult> figure) {
        return baseline == null ? Double.NaN : Rates.ratio(figure.applyAsDouble(r), figure.applyAsDouble(baseline));
    }
}
