package dev.tenx.workshop;

import static dev.tenx.common.config.ConfigDef.Type.BOOLEAN;
import static dev.tenx.common.config.ConfigDef.Type.INT;
import static dev.tenx.common.config.ConfigDef.Type.LONG;
import static dev.tenx.common.config.ConfigDef.Type.STRING;

import dev.tenx.common.config.AbstractConfig;
import dev.tenx.common.config.ConfigDef;
import dev.tenx.common.config.ConfigException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The comparison runner's own knobs: the workloads (scenarios), the repetitions, the measurement
 * windows and the lab sweep. Every stage runs under the same values; stage keys
 * ({@code max.request.size}, ...) are the stage's own ConfigDefs' business and are passed
 * through by {@link RunSettings}.
 *
 * <p>The workloads are given one of two ways, never both: by name ({@code scenarios}), or by the
 * keys of today's single workload ({@code record.size}, {@code producers}, {@code rtt.ms}), which,
 * when any of them is set, make one scenario per {@code rtt.ms} value. Immutable; thread-safe.
 */
public final class RunnerConfig extends AbstractConfig {

    public static final String SCENARIOS = "scenarios";
    public static final String REPEATS = "repeats";
    public static final String REPLAY = "replay";
    public static final String RECORD_SIZE = "record.size";
    public static final String PRODUCERS = "producers";
    public static final String WARMUP_MS = "warmup.ms";
    public static final String DURATION_MS = "duration.ms";
    public static final String REPLAY_MS = "replay.ms";
    public static final String LATENCY_MS = "latency.ms";
    public static final String LATENCY_RATE = "latency.rate";
    public static final String STAGES = "stages";
    public static final String PEERS = "peers";
    public static final String OVERLOAD = "overload";
    public static final String MAX_UNACKED_RECORDS = "max.unacked.records";
    public static final String MAX_UNACKED_BYTES = "max.unacked.bytes";
    public static final String BROKER_JVM_ARGS = "broker.jvm.args";
    public static final String CLIENT_JVM_ARGS = "client.jvm.args";
    public static final String OUTPUT_DIR = "output.dir";
    public static final String RTT_MS = "rtt.ms";
    public static final String SWEEP = "sweep";
    public static final String PROFILE = "profile";

    /** The keys that describe one workload; setting any of them replaces {@value #SCENARIOS}. */
    static final Set<String> SCENARIO_KEYS = Set.of(RECORD_SIZE, PRODUCERS, RTT_MS);
    private static final int MAX_REPEATS = 100;

    public static final ConfigDef CONFIG = new ConfigDef()
            .define(SCENARIOS, STRING, "100B-1p,100B-1p-rtt1,1KB-4p", (name, value) -> Scenario.parseList(name, value.toString()),
                    "The workloads every stage runs, comma-separated, each named <size>-<producers>p[-rtt<ms>] "
                            + "(KB = 1,000 B). 100B-1p shows fixed costs per record and per request; -rtt1 adds "
                            + "a 1 ms round trip through the delay proxy, which batching and pipelining hide; "
                            + "1KB-4p moves bytes over concurrent connections, which group commit and copies "
                            + "answer to. Each scenario costs one run of every stage per repetition. Set this, "
                            + "or record.size, producers and rtt.ms, not both.")
            .define(REPEATS, INT, 1, ConfigDef.between(1, MAX_REPEATS),
                    "Runs of every scenario and stage, interleaved (every stage of every scenario once, "
                            + "then again, in the reverse order on even repetitions), so that a drift in this "
                            + "shared machine's load touches every stage alike and no stage always runs first or "
                            + "last. With more than 1 the tables show each figure's median and its min..max, "
                            + "and each ratio is taken within one repetition before its median is: noise between "
                            + "repetitions cannot pass for a gain. Each repetition costs the whole run again.")
            .define(RECORD_SIZE, INT, 100, ConfigDef.between(0, Scenario.MAX_RECORD_SIZE),
                    "Value bytes per record; the key is empty, as kafka-producer-perf-test sends by default. "
                            + "Small records measure per-record overhead (system calls, fsyncs, headers); large "
                            + "ones measure bytes moved. A record larger than the stage's max.request.size "
                            + "fails the run at once. Setting it (or producers or rtt.ms) replaces scenarios "
                            + "with one scenario per rtt.ms value, named after the three.")
            .define(PRODUCERS, INT, 1, ConfigDef.between(1, Scenario.MAX_PRODUCERS),
                    "Producer connections, one load-generator thread each. More connections give a blocking "
                            + "stage more parallelism, at the price of one thread each on this machine's "
                            + "2 cores, which the broker needs too. Replaces scenarios, as record.size does.")
            .define(RTT_MS, STRING, "0,1", RunnerConfig::validateRtts,
                    "Round trips added between the clients (producers, consumer) and the broker, in ms, "
                            + "comma-separated, decimals allowed; one scenario per value, replacing scenarios, "
                            + "as record.size does. "
                            + "Above 0 the clients reach the broker through DelayProxy, which holds each "
                            + "direction's bytes for rtt.ms/2 without limiting bandwidth (loopback, no loss); "
                            + "the round trip it achieves is measured and printed. A real network's round trip "
                            + "shows which stages pay one per record and which hide it behind batches or "
                            + "pipelining; each value costs one more run of every stage, and the proxy's "
                            + "threads share this machine's 2 cores.")
            .define(WARMUP_MS, LONG, 2_000L, ConfigDef.atLeast(0),
                    "Load before each measured window (produce, latency, replay), not counted, so that JIT "
                            + "compilation (both JVMs are fresh in every stage run), page cache, TCP buffers "
                            + "and, before the latency window, the new rate settle. Too short and a stage pays "
                            + "its JIT in the figures; every stage pays it three times per scenario.")
            .define(DURATION_MS, LONG, 5_000L, ConfigDef.atLeast(1),
                    "The measured produce window (closed loop: capacity, and every cost per record). "
                            + "Longer smooths out GC pauses and fsync outliers; every stage pays it once per "
                            + "scenario and repetition, so seven stages in three scenarios pay it 21 times.")
            .define(LATENCY_MS, LONG, 3_000L, ConfigDef.atLeast(0),
                    "The measured open-loop latency window, after warmup.ms of the same load: records are "
                            + "due on a fixed timetable at latency.rate whatever the acknowledgements do, and "
                            + "each one's latency runs from when it was due to its acknowledgement "
                            + "(HdrHistogram, as wrk2 does), so a stall counts for every record it delays "
                            + "instead of hiding as fewer sends (no coordinated omission). Longer gives p99.9 "
                            + "more samples (a thousand for every 1,000 records measured); every stage pays it "
                            + "once per scenario. 0 skips the phase; a sweep always skips it.")
            .define(LATENCY_RATE, STRING, "50%", (name, value) -> OfferedRate.parse(name, value.toString()),
                    "The open-loop phase's offered rate: a share of the rate the same stage reached in the "
                            + "closed-loop window just before (same scenario and repetition), or a fixed number "
                            + "of records per second for every stage. A share loads every stage alike, at the "
                            + "same utilisation and so with moderate queueing, although capacities span orders "
                            + "of magnitude from stage 0 to 6; a fixed rate compares stages at one load, but a "
                            + "rate stage 1 sustains leaves later stages nearly idle and overloads stage 0.")
            .define(REPLAY, BOOLEAN, true, ConfigDef.any(),
                    "Whether each stage run ends with a replay of its log. false skips it for produce-only "
                            + "exercises and saves warmup.ms + replay.ms per run. A sweep always skips it.")
            .define(REPLAY_MS, LONG, 3_000L, ConfigDef.atLeast(1),
                    "The measured replay window, after a warm-up of warmup.ms: a consumer reads the log "
                            + "from offset 0 and starts over at its end until the time is up. Longer smooths "
                            + "out noise; every stage pays it once per scenario and repetition.")
            .define(STAGES, STRING, "", ConfigDef.any(),
                    "Comma-separated stages to run (stage0-naive, stage0 or 0, or a peer: kafka-same-promise, "
                            + "kafka-defaults); empty runs every stage on the classpath, in stage order. Named, "
                            + "exactly these run: peers=true adds the peers only to the whole comparison.")
            .define(PEERS, BOOLEAN, false, ConfigDef.any(),
                    "Whether the peers on the classpath (Apache Kafka with the stages' durability promise, "
                            + "and with its defaults; workshop/KAFKA.md) run beside the stages, in every "
                            + "scenario, as rows of their own after the stages', when stages is empty; with stages "
                            + "named, name a peer there to run it. -Pcompare sets it to true and "
                            + "resolves Kafka's jars; each peer costs one more run per scenario and repetition, "
                            + "with a Kafka broker start (several seconds) in each.")
            .define(OVERLOAD, BOOLEAN, false, ConfigDef.any(),
                    "Whether the overload scenario runs after the stage runs, on the last two selected stages "
                            + "that are not peers (overload.stages names others), with the overload.* keys "
                            + "(OverloadRunner): each stage offered far more records than it takes, open loop, its "
                            + "producers' memory and p99 sampled over time, then its log read back; the figures go "
                            + "into the same results.json (overload), results.md and results.html as the stages'. "
                            + "-Pcompare sets it to true. It costs each stage it overloads a broker and a client "
                            + "JVM start, overload.duration.ms of load, then the drain (up to overload.drain.ms) and "
                            + "the read-back (up to overload.verify.ms); false leaves the scenario to -Poverload.")
            .define(MAX_UNACKED_RECORDS, INT, 5_000, ConfigDef.atLeast(1),
                    "Per producer, records sent but not yet acknowledged before the load generator waits. "
                            + "The stages before backpressure have no memory bound of their own, so the "
                            + "runner imposes this one. It must hold what a stage keeps in flight (requests "
                            + "in flight times records per batch) or it caps throughput; beyond that it only "
                            + "lengthens the queue, and with it the ack latency (Little's law: about "
                            + "window / throughput), and the runner's heap.")
            .define(MAX_UNACKED_BYTES, LONG, 1024L * 1024, ConfigDef.atLeast(1),
                    "Per producer, the same bound in value bytes; the smaller of the two applies (at 1 KB "
                            + "records, this one: 1,048 records). It must hold what a stage keeps in flight in "
                            + "bytes (5 requests of a 16 KiB batch at the defaults); beyond that a larger window "
                            + "only queues, and each stage run drains what it queued, for seconds at a slow "
                            + "stage, before its next phase.")
            .define(BROKER_JVM_ARGS, STRING, "-Xms1g -Xmx1g", ConfigDef.any(),
                    "JVM options of the broker's process, space-separated, the same for every stage and "
                            + "recorded in the results. A fixed heap keeps heap resizing out of the figures.")
            .define(CLIENT_JVM_ARGS, STRING, "-Xms1g -Xmx1g", ConfigDef.any(),
                    "JVM options of the load generator's process (producers, consumer, delay proxy and "
                            + "their measurements), a fresh JVM per stage run so that no stage inherits "
                            + "another's JIT or heap; space-separated, the same for every stage and recorded "
                            + "in the results. A fixed heap keeps heap resizing out of the figures; it must "
                            + "hold every producer's window of unacknowledged records.")
            .define(OUTPUT_DIR, STRING, "target", ConfigDef.nonEmpty(),
                    "Where results/, broker logs and the temporary log.dir go. The Maven profiles set it "
                            + "to workshop/target.")
            .define(SWEEP, STRING, "", (name, value) -> Sweep.parse(name, value.toString()),
                    "Lab mode: stage keys and values, key=v1,v2;key=v1,v2. Every selected stage runs once "
                            + "per combination (the cross product) of the swept keys it defines, at every "
                            + "rtt.ms, and the run prints one table per stage instead of the comparison; "
                            + "replay is skipped. Each combination pays a broker start, warmup.ms and "
                            + "duration.ms: shorten those for a wide sweep, at the price of noisier figures.")
            .define(PROFILE, BOOLEAN, true, ConfigDef.any(),
                    "Whether the broker's and the client's JVMs record themselves with JDK Flight Recorder "
                            + "(thread samples every 10 ms, allocation samples, GC pauses), so that the run "
                            + "prints where each one's time goes in the produce and replay windows: "
                            + "encode/decode, copying, network I/O, file I/O, fsync, waiting, GC, other. "
                            + "It costs each stage run a few seconds (JFR's start in both JVMs, reading the "
                            + "recordings after). Its cost to the figures, measured side by side with "
                            + "-Pprofile-overhead on a quiet machine (workshop/results/profile-overhead-quiet.md): "
                            + "system calls per record unchanged, produce rates and CPU within one pair's noise, "
                            + "replay lower with it on for six stages of seven. false leaves JFR off, for a replay "
                            + "figure to compare with a run that had it off. A comparison with it on also runs one stage run again with it off, after "
                            + "the others (the last stage that is not a peer, in the first scenario), and prints "
                            + "what recording cost that run: one stage run more.");

    private final Set<String> given;

    /** {@code props}: the keys the user set; the rest take their defaults. */
    public RunnerConfig(Map<String, ?> props) {
        super(CONFIG, props);
        this.given = Set.copyOf(props.keySet());
        scenarios();
    }

    /**
     * The workloads, in the order given: by name, or, when record.size, producers or rtt.ms is
     * set, one per rtt.ms value, named after the three. Fails when both ways are used.
     */
    public List<Scenario> scenarios() {
        List<String> keys = SCENARIO_KEYS.stream().filter(given::contains).sorted().toList();
        if (keys.isEmpty()) {
            return Scenario.parseList(SCENARIOS, getString(SCENARIOS));
        }
        if (given.contains(SCENARIOS)) {
            throw new ConfigException(SCENARIOS + "=" + getString(SCENARIOS) + " and " + keys + " are both set: a "
                    + "scenario's name gives its record size, producers and rtt (1KB-4p-rtt1); set one or the other");
        }
        return rttMs().stream().map(rtt -> Scenario.of(getInt(RECORD_SIZE), getInt(PRODUCERS), rtt)).toList();
    }

    public int repeats() {
        return getInt(REPEATS);
    }

    public boolean replay() {
        return getBoolean(REPLAY);
    }

    public long warmupMs() {
        return getLong(WARMUP_MS);
    }

    public long durationMs() {
        return getLong(DURATION_MS);
    }

    public long replayMs() {
        return getLong(REPLAY_MS);
    }

    public long latencyMs() {
        return getLong(LATENCY_MS);
    }

    public String latencyRate() {
        return getString(LATENCY_RATE);
    }

    /** The requested stage names; empty means every stage on the classpath. */
    public List<String> stages() {
        return splitNonEmpty(getString(STAGES), ",");
    }

    public boolean peers() {
        return getBoolean(PEERS);
    }

    public boolean overload() {
        return getBoolean(OVERLOAD);
    }

    /** Unacknowledged records one producer may have at this record size: the smaller of the two bounds, at least one. */
    public int windowRecords(int recordSize) {
        long byBytes = getLong(MAX_UNACKED_BYTES) / Math.max(1, recordSize);
        return (int) Math.max(1, Math.min(getInt(MAX_UNACKED_RECORDS), byBytes));
    }

    public List<String> brokerJvmArgs() {
        return splitNonEmpty(getString(BROKER_JVM_ARGS), " ");
    }

    public List<String> clientJvmArgs() {
        return splitNonEmpty(getString(CLIENT_JVM_ARGS), " ");
    }

    public Path outputDir() {
        return Path.of(getString(OUTPUT_DIR));
    }

    /** The added round trips, in the order given; each is in [0, {@link Scenario#MAX_RTT_MS}]. */
    private List<Double> rttMs() {
        return parseRtts(RTT_MS, getString(RTT_MS));
    }

    public boolean profile() {
        return getBoolean(PROFILE);
    }

    public Sweep sweep() {
        return Sweep.parse(SWEEP, getString(SWEEP));
    }

    private static void validateRtts(String name, Object value) {
        parseRtts(name, value.toString());
    }

    static List<Double> parseRtts(String name, String text) {
        List<Double> rtts = new ArrayList<>();
        for (String item : splitNonEmpty(text, ",")) {
            double ms;
            try {
                ms = new BigDecimal(item).doubleValue();
            } catch (NumberFormatException e) {
                throw new ConfigException(name + "=" + text + ": " + item + " is not a number of milliseconds");
            }
            if (ms < 0 || ms > Scenario.MAX_RTT_MS) {
                throw new ConfigException(name + "=" + text + ": " + item + " must be between 0 and "
                        + Format.plain(Scenario.MAX_RTT_MS));
            }
            if (rtts.contains(ms)) {
                throw new ConfigException(name + "=" + text + ": " + item + " is listed twice");
            }
            rtts.add(ms);
        }
        if (rtts.isEmpty()) {
            throw new ConfigException(name + "=" + text + ": needs at least one value, 0 for none added");
        }
        return List.copyOf(rtts);
    }

    private static List<String> splitNonEmpty(String text, String separator) {
        return Arrays.stream(text.split(separator)).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
