package dev.tenx.workshop;

import static dev.tenx.common.config.ConfigDef.Type.INT;
import static dev.tenx.common.config.ConfigDef.Type.LONG;
import static dev.tenx.common.config.ConfigDef.Type.STRING;

import dev.tenx.common.config.AbstractConfig;
import dev.tenx.common.config.ConfigDef;
import dev.tenx.common.config.ConfigException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The overload scenario's knobs ({@link OverloadRunner}): how far above capacity the producers
 * are driven, for how long, what the hostile consumer does, and the stage keys the scenario sets
 * for every stage that defines them. Immutable.
 */
final class OverloadConfig extends AbstractConfig {

    static final String STAGES = "overload.stages";
    static final String PRODUCERS = "overload.producers";
    static final String RECORD_SIZE = "overload.record.size";
    static final String RATE = "overload.rate";
    static final String DURATION_MS = "overload.duration.ms";
    static final String SAMPLE_MS = "overload.sample.ms";
    static final String DRAIN_MS = "overload.drain.ms";
    static final String VERIFY_MS = "overload.verify.ms";
    static final String UNREAD_FETCHES = "overload.unread.fetches";
    static final String STAGE_PROPS = "overload.stage.props";
    static final String BROKER_JVM_ARGS = "overload.broker.jvm.args";
    static final String CLIENT_JVM_ARGS = "overload.client.jvm.args";
    static final String OUTPUT_DIR = "output.dir";

    static final ConfigDef CONFIG = new ConfigDef()
            .define(STAGES, STRING, "", ConfigDef.any(),
                    "Comma-separated stages to overload, side by side; empty: the backpressure stage and the stage "
                            + "before it on the class path, or, after a comparison (overload=true), the last two "
                            + "stages it ran that are not peers.")
            .define(PRODUCERS, INT, 4, ConfigDef.between(1, Scenario.MAX_PRODUCERS),
                    "Producers, one sending thread each, with no window of the runner's: each is bounded only by "
                            + "its own stage.")
            .define(RECORD_SIZE, INT, 100, ConfigDef.between(0, Scenario.MAX_RECORD_SIZE), "Value bytes per record.")
            .define(RATE, LONG, 400_000L, ConfigDef.atLeast(1),
                    "Records per second due, in all, on a fixed timetable: about twice what stage 5 "
                            + "acknowledged with 100 B records from four producers on a quiet 2-core machine "
                            + "(175,362/s, workshop/results/stage6-vs-stage5-overload.md), so that every stage is "
                            + "overloaded, and still a rate four sending threads kept (they sent all 400,000/s). Far "
                            + "more and the load generator, not the stage, is what saturates; far less and a quiet "
                            + "machine keeps up, with nothing to show.")
            .define(DURATION_MS, LONG, 15_000L, ConfigDef.atLeast(1), "How long records are due.")
            .define(SAMPLE_MS, LONG, 1_000L, ConfigDef.atLeast(10), "Time between two points of the time series.")
            .define(DRAIN_MS, LONG, 20_000L, ConfigDef.atLeast(0),
                    "How long the producers get to flush what they hold once the timetable ends; a stage still "
                            + "holding records then is reported as not drained, and its log is not read back.")
            .define(VERIFY_MS, LONG, 30_000L, ConfigDef.atLeast(1),
                    "How long reading the log back against every acknowledgement may take.")
            .define(UNREAD_FETCHES, INT, 512, ConfigDef.atLeast(0),
                    "Fetches of the whole log that one raw connection pipelines a quarter into the run and never "
                            + "reads: each answer is up to fetch.max.bytes that a broker without a write bound keeps.")
            .define(STAGE_PROPS, STRING, "buffer.memory=1048576;max.block.ms=0", ConfigDef.any(),
                    "Stage keys, key=value;key=value, given to every stage whose config defines them: by default "
                            + "a 1 MiB buffer.memory per producer and max.block.ms=0, so that a full buffer fails a "
                            + "send at once (shedding load) instead of stalling the timetable: a sender blocked for "
                            + "max.block.ms sends nothing else meanwhile, and falls behind for good.")
            .define(BROKER_JVM_ARGS, STRING, "-Xms1g -Xmx1g", ConfigDef.any(), "The broker's JVM options.")
            .define(CLIENT_JVM_ARGS, STRING, "-Xms1g -Xmx1g", ConfigDef.any(), "The overload client's JVM options.")
            .define(OUTPUT_DIR, STRING, "target", ConfigDef.nonEmpty(), "Where overload/<timestamp>/ goes.");

    OverloadConfig(Map<String, ?> props) {
        super(CONFIG, props);
    }

    /** The runner's keys from System properties, then {@code key=value} arguments, which win and must be known. */
    static OverloadConfig of(Map<String, String> systemProperties, List<String> args) {
        Map<String, String> props = new LinkedHashMap<>();
        systemProperties.forEach((key, value) -> {
            if (CONFIG.keys().containsKey(key)) {
                props.put(key, value);
            }
        });
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("expected key=value, got: " + arg);
            }
            props.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        return new OverloadConfig(props);
    }

    /** {@link #STAGE_PROPS} as a map, in order. */
    Map<String, String> stageProps() {
        Map<String, String> props = new LinkedHashMap<>();
        for (String pair : split(getString(STAGE_PROPS), ";")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException(STAGE_PROPS + "=" + getString(STAGE_PROPS) + ": " + pair + " is not key=value");
            }
            props.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return props;
    }

    static List<String> split(String text, String separator) {
        return Arrays.stream(text.split(separator)).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
