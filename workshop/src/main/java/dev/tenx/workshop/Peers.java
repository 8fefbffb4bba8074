package dev.tenx.workshop;

import dev.tenx.common.spi.Stage;
import dev.tenx.common.spi.Stages;
import java.util.ArrayList;
import java.util.List;

/**
 * Which peers ({@link Stage#peer()}: Apache Kafka, in two configurations) run beside the selected
 * stages. They are listed after the stages of each scenario (an even repetition runs the list in
 * reverse, {@link RunPlan}); each keeps its own row, compared with stage 0 and outside the stages'
 * "vs prev" chain ({@link Comparison}). Pure.
 */
final class Peers {

    private Peers() {}

    /** {@code selected}, then, when {@code peers} is set, every peer on the classpath not already in it. */
    static List<Stage> besides(List<Stage> selected, boolean peers) {
        List<Stage> all = new ArrayList<>(selected);
        if (peers) {
            for (Stage peer : Stages.peers()) {
                if (all.stream().noneMatch(s -> s.name().equals(peer.name()))) {
                    all.add(peer);
                }
            }
        }
        return List.copyOf(all);
    }
}
