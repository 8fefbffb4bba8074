package dev.tenx.workshop;

import dev.tenx.workshop.profile.PhaseWindow;
import java.util.List;

/**
 * What the load-generator JVM measured in one stage run, sent back to the runner as JSON (a
 * NaN travels as the string "NaN" and comes back NaN). Immutable.
 *
 * @param pid              the client JVM's process id: never the runner's
 * @param bootstrapServers where the producers and the consumer connected: the broker, or the
 *                         delay proxy in front of it
 * @param saturated        the closed loop's latency, at full load
 * @param openLoop         null when the run skipped the open-loop phase
 * @param replay           null when the run skipped it
 * @param windows          the measured windows' wall-clock bounds and records, which a profile is cut to
 */
public record ClientResult(
        long pid,
        String bootstrapServers,
        StageResult.Produce produce,
        StageResult.Latency saturated,
        StageResult.OpenLoop openLoop,
        Replay.Result replay,
        Costs costs,
        ProducerGaugeSampler.Summary producerGauges,
        List<PhaseWindow> windows) {
}
