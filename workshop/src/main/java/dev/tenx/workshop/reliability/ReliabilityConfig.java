package dev.tenx.workshop.reliability;

import static dev.tenx.common.config.ConfigDef.Type.INT;
import static dev.tenx.common.config.ConfigDef.Type.LONG;
import static dev.tenx.common.config.ConfigDef.Type.STRING;

import dev.tenx.common.config.AbstractConfig;
import dev.tenx.common.config.ConfigDef;
import java.util.Map;

/**
 * The reliability run's knobs. The defaults are the full run ({@code -Preliability}); the slice
 * that {@code ./mvnw verify} runs sets smaller ones. Immutable; thread-safe.
 */
public final class ReliabilityConfig extends AbstractConfig {

    public static final String STAGES = "stages";
    public static final String SEED = "seed";
    public static final String CRASH_CYCLES = "crash.cycles";
    public static final String CRASH_PRODUCERS = "crash.producers";
    public static final String CRASH_WINDOW = "crash.window.records";
    public static final String CRASH_KILL_MAX_MS = "crash.kill.max.ms";
    public static final String POWER_LOSS_POINTS = "power.loss.points";
    public static final String HOSTILE_FRAMES = "hostile.frames";
    public static final String OUTPUT_DIR = "output.dir";

    private static final int MAX_CYCLES = 10_000;

    public static final ConfigDef CONFIG = new ConfigDef()
            .define(STAGES, STRING, "", ConfigDef.any(),
                    "Stages to run, comma-separated names or numbers; empty runs every stage on the classpath, "
                            + "found as the comparison finds them, so a new stage joins by being one.")
            .define(SEED, LONG, 20_261_202L, ConfigDef.any(),
                    "Seed of every random choice (kill moments, crash points, survivors, hostile frames): the same "
                            + "seed replays the same choices, up to the timing of threads and processes.")
            .define(CRASH_CYCLES, INT, 20, ConfigDef.between(0, MAX_CYCLES),
                    "SIGKILLs per stage on one log directory, each followed by a restart that reads the whole log "
                            + "back. Each costs a broker JVM start (about a second here) plus up to "
                            + "crash.kill.max.ms of writing and the read-back, which grows with the log.")
            .define(CRASH_PRODUCERS, INT, 4, ConfigDef.between(1, 64),
                    "Producers writing at once in each crash cycle, a thread each. More keep more records in "
                            + "flight at the kill, on this machine's 2 cores shared with the broker.")
            .define(CRASH_WINDOW, INT, 200, ConfigDef.between(1, 100_000),
                    "Records each producer keeps sent and unacknowledged (a stage whose send blocks keeps one): "
                            + "what is in flight when the kill comes.")
            .define(CRASH_KILL_MAX_MS, INT, 1_500, ConfigDef.between(0, 600_000),
                    "The kill comes at a uniformly random moment in this many ms after a cycle's first "
                            + "acknowledgement. Longer cycles grow the log (and the read-back) faster.")
            .define(POWER_LOSS_POINTS, INT, 400, ConfigDef.between(1, 1_000_000),
                    "Power losses per stage, each at a random operation (write, fsync, file creation) of a store "
                            + "run under the simulated disk, with a random choice of which unforced writes and "
                            + "directory entries survive, some torn at a sector. Cheap: the simulated disk does "
                            + "no real fsync.")
            .define(HOSTILE_FRAMES, INT, 10_000, ConfigDef.between(0, 10_000_000),
                    "Hostile frames per stage from the seeded structure-aware generator, each on a connection "
                            + "of its own, while a well-behaved producer writes on another. Those that decode "
                            + "and are valid are stored, at the stage's fsync cost.")
            .define(OUTPUT_DIR, STRING, "target", ConfigDef.nonEmpty(),
                    "Where the results go: a directory reliability/<timestamp>/ under it, with results.md, "
                            + "and reliability/latest pointing at the newest.");

    public ReliabilityConfig(Map<String, ?> props) {
        super(CONFIG, props);
    }
}
