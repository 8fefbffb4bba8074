package dev.tenx.workshop;

import dev.tenx.common.spi.Stage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The order in which a comparison runs its stage runs: repetition, then scenario, then stage,
 * then (in a sweep) combination of swept values. Repetitions are interleaved, never back to back:
 * every stage of every scenario runs once before any runs again, so that a change in what else
 * this shared machine is doing (another build starting, the page cache filling) lands on all
 * stages of a repetition alike instead of on one stage's every run. Within a repetition the
 * stages of one scenario run back to back, so that the ratios between them, taken within the
 * repetition, compare runs minutes apart at most.
 *
 * <p>Counterbalanced: an even repetition runs the stages in the reverse order. Position in the
 * run order is not neutral on this machine (a broker that starts right after another has written
 * gigabytes may find the disk and the page cache still busy with them), and stage 5 against stage 4
 * has measured between 0.66x and 0.93x from the order alone; with an even number of repetitions,
 * each stage runs first as often as last, and the median of the ratios stops favouring either.
 *
 * <p>Pure: {@link #of} computes the list and keeps nothing.
 */
public final class RunPlan {

    /**
     * One stage run's place in the plan. Immutable.
     *
     * @param repetition from 1
     * @param sweep      the swept keys' values for this run; empty outside a sweep
     */
    public record Cell(int repetition, int repetitions, Scenario scenario, Stage stage, Map<String, String> sweep) {

        /** What the progress line calls this run. */
        String label() {
            StringBuilder sb = new StringBuilder();
            if (repetitions > 1) {
                sb.append("rep ").append(repetition).append('/').append(repetitions).append(' ');
            }
            sb.append(scenario.name()).append(' ').append(stage.name());
            sweep.forEach((key, value) -> sb.append(' ').append(key).append('=').append(value));
            return sb.toString();
        }
    }

    private RunPlan() {}

    /**
     * Every run, in order. {@code combinations} gives a stage's sweep combinations: one empty
     * combination outside a sweep.
     */
    public static List<Cell> of(int repetitions, List<Scenario> scenarios, List<Stage> stages,
                                Function<Stage, List<Map<String, String>>> combinations) {
        List<Cell> cells = new ArrayList<>();
        for (int repetition = 1; repetition <= repetitions; repetition++) {
            for (Scenario scenario : scenarios) {
                for (Stage stage : repetition % 2 == 0 ? reversed(stages) : stages) {
                    for (Map<String, String> combination : combinations.apply(stage)) {
                        cells.add(new Cell(repetition, repetitions, scenario, stage, combination));
                    }
                }
            }
        }
        return List.copyOf(cells);
    }

    private static List<Stage> reversed(List<Stage> stages) {
        List<Stage> reversed = new ArrayList<>(stages);
        Collections.reverse(reversed);
        return reversed;
    }
}
