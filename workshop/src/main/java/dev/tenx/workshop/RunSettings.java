package dev.tenx.workshop;

import dev.tenx.common.config.BrokerConfig;
import dev.tenx.common.config.ConfigDef;
import dev.tenx.common.config.ConfigException;
import dev.tenx.common.config.ProducerConfig;
import dev.tenx.common.spi.Stage;
import dev.tenx.common.spi.Stages;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The settings of one run, picked from two sources by config name: System properties (what
 * {@code -Dkey=value} gives under {@code exec:java}; only keys some ConfigDef defines are taken,
 * the rest are Maven's and the JVM's) and {@code key=value} program arguments, which win and
 * must all be known. Runner keys go to {@link RunnerConfig}; every other key goes to each stage
 * whose broker, producer or consumer ConfigDef defines it.
 *
 * <p>With {@code overload=true} the overload scenario's keys ({@code overload.*}, {@link OverloadConfig})
 * are known too and go to {@link #overload()}; with {@code overload=false} setting one fails the
 * run, since nothing would apply it.
 *
 * <p>The {@code sweep} knob names stage keys too: each must be one a selected stage defines, and
 * each combination must pass the ConfigDefs of every stage that runs it; {@link #with} layers a
 * combination over the user's stage keys for one run.
 *
 * <p>A System property that is not a known key but is within {@value #MAX_TYPO_DISTANCE} edits
 * of one ({@code -Drecord.sise=1000}) fails the run: it is a misspelled knob, and running with
 * the default instead would measure something the user did not ask for. Maven's and the JVM's
 * own properties are all further than that from every key. So does one that is written as a
 * knob but that neither the runner nor a selected stage defines, however far it is from every
 * key ({@link KnobCheck}).
 *
 * <p>Immutable.
 */
public final class RunSettings {

    /** Set by the runner for each stage; a user value would point the run elsewhere. */
    static final Set<String> RUNNER_OWNED = Set.of(
            ProducerConfig.BOOTSTRAP_SERVERS, BrokerConfig.LOG_DIR, BrokerConfig.LISTENERS);
    /** The overload scenario's keys that the comparison passes on; output.dir is the runner's own, and shared. */
    private static final Set<String> OVERLOAD_KEYS = overloadKeys();

    private final RunnerConfig runner;
    private final Map<String, String> stageProps;
    private final OverloadConfig overload;

    private static final String LOOPBACK_ANY_PORT = "127.0.0.1:0";
    /** A System property this close to a known key, and not itself one, is taken for a typo. */
    static final int MAX_TYPO_DISTANCE = 2;

    private RunSettings(RunnerConfig runner, Map<String, String> stageProps, OverloadConfig overload) {
        this.runner = runner;
        this.stageProps = stageProps;
        this.overload = overload;
    }

    /** The runner's knobs alone, so that {@code stages} can say which stages' keys count. */
    public static RunnerConfig runnerConfig(Map<String, String> systemProperties, List<String> args) {
        return new RunnerConfig(pick(systemProperties, args, RunnerConfig.CONFIG.keys().keySet(), false));
    }

    /**
     * Everything, validated against the runner's ConfigDef and {@code stages}' ConfigDefs (with
     * placeholder values for the runner-owned keys), so that a bad value fails before any broker
     * starts.
     */
    public static RunSettings of(Map<String, String> systemProperties, List<String> args, Collection<Stage> stages) {
        return of(systemProperties, args, stages, Stages.all());
    }

    /**
     * As {@link #of(Map, List, Collection)}, with {@code allStages} for the stages on the class
     * path: a knob that only one of those defines is named, not ignored ({@link KnobCheck}).
     */
    static RunSettings of(Map<String, String> systemProperties, List<String> args, Collection<Stage> stages,
                          Collection<Stage> allStages) {
        Set<String> stageKeys = new LinkedHashSet<>();
        stages.forEach(stage -> stageKeys.addAll(keysOf(stage)));
        Set<String> known = new LinkedHashSet<>(RunnerConfig.CONFIG.keys().keySet());
        known.addAll(stageKeys);
        boolean overload = runnerConfig(systemProperties, args).overload();
        if (overload) {
            known.addAll(OVERLOAD_KEYS);
        } else {
            failOnOverloadKeys(systemProperties, args);
        }
        failOnMisspelledKnobs(systemProperties, known);
        KnobCheck.failOnUnappliedKnobs(systemProperties, known, allStages, RunSettings::keysOf);
        Map<String, String> given = pick(systemProperties, args, known, true);
        for (String key : given.keySet()) {
            if (RUNNER_OWNED.contains(key)) {
                throw new ConfigException(key + "=" + given.get(key) + ": the runner sets this key for each stage");
            }
        }
        Map<String, String> runnerProps = new LinkedHashMap<>(given);
        runnerProps.keySet().retainAll(RunnerConfig.CONFIG.keys().keySet());
        Map<String, String> stageProps = new LinkedHashMap<>(given);
        stageProps.keySet().retainAll(stageKeys);
        RunnerConfig runner = new RunnerConfig(runnerProps);
        RunSettings settings = new RunSettings(runner, stageProps, overload ? overloadConfig(given, runner) : null);
        stages.forEach(settings::validate);
        settings.validateSweep(stages, stageKeys);
        return settings;
    }

    /**
     * Every swept key must be a stage key of a selected stage, and every combination must pass
     * the ConfigDefs of each stage that will run it, before any broker starts.
     */
    private void validateSweep(Collection<Stage> stages, Set<String> stageKeys) {
        Sweep sweep = runner.sweep();
        String given = RunnerConfig.SWEEP + "=" + runner.values().get(RunnerConfig.SWEEP);
        for (String key : sweep.values().keySet()) {
            if (RUNNER_OWNED.contains(key) || RunnerConfig.CONFIG.keys().containsKey(key)) {
                throw new ConfigException(given + ": key=" + key + " is the runner's; a sweep varies stage keys");
            }
            if (!stageKeys.contains(key)) {
                Set<String> sweepable = new LinkedHashSet<>(stageKeys);
                sweepable.removeAll(RUNNER_OWNED);
                throw new ConfigException(given + ": unknown key=" + key + didYouMean(key, sweepable)
                        + "; keys of the selected stages: " + sweepable);
            }
        }
        for (Stage stage : stages) {
            for (Map<String, String> combination : sweepCombinations(stage)) {
                try {
                    with(combination).validate(stage);
                } catch (ConfigException e) {
                    throw new ConfigException(given + ": " + stage.name() + " refuses " + combination + ": " + e.getMessage());
                }
            }
        }
    }

    private static Set<String> overloadKeys() {
        Set<String> keys = new LinkedHashSet<>(OverloadConfig.CONFIG.keys().keySet());
        keys.remove(OverloadConfig.OUTPUT_DIR);
        return Set.copyOf(keys);
    }

    /** Overload keys set while {@code overload=false} would not be applied: they fail the run, saying how to apply them. */
    private static void failOnOverloadKeys(Map<String, String> systemProperties, List<String> args) {
        Map<String, String> given = pick(systemProperties, args, OVERLOAD_KEYS, false);
        if (!given.isEmpty()) {
            throw new ConfigException(given + ": keys of the overload scenario, which this run does not run ("
                    + RunnerConfig.OVERLOAD + "=false); -D" + RunnerConfig.OVERLOAD + "=true runs it after the stages,"
                    + " -Poverload alone");
        }
    }

    /** The overload scenario's knobs, validated now so that a bad value fails before any broker starts. */
    private static OverloadConfig overloadConfig(Map<String, String> given, RunnerConfig runner) {
        Map<String, String> props = new LinkedHashMap<>(given);
        props.keySet().retainAll(OVERLOAD_KEYS);
        props.put(OverloadConfig.OUTPUT_DIR, runner.outputDir().toString());
        return new OverloadConfig(props);
    }

    private static Map<String, String> pick(Map<String, String> systemProperties, List<String> args,
                                            Set<String> known, boolean strictArgs) {
        Map<String, String> picked = new LinkedHashMap<>();
        systemProperties.forEach((key, value) -> {
            if (known.contains(key)) {
                picked.put(key, value);
            }
        });
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("expected key=value, got: " + arg);
            }
            String key = arg.substring(0, eq);
            if (known.contains(key)) {
                picked.put(key, arg.substring(eq + 1));
            } else if (strictArgs) {
                throw new ConfigException("unknown config key=" + key + didYouMean(key, known) + "; known keys: " + known);
            }
        }
        return picked;
    }

    private static void failOnMisspelledKnobs(Map<String, String> systemProperties, Set<String> known) {
        systemProperties.forEach((key, value) -> {
            if (!known.contains(key)) {
                EditDistance.closest(key, known, MAX_TYPO_DISTANCE).ifPresent(knob -> {
                    throw new ConfigException("unknown knob " + key + "=" + value + "; did you mean " + knob + "?");
                });
            }
        });
    }

    private static String didYouMean(String key, Set<String> known) {
        return EditDistance.closest(key, known, MAX_TYPO_DISTANCE).map(k -> "; did you mean " + k + "?").orElse("");
    }

    private void validate(Stage stage) {
        stage.brokerConfig().parse(brokerProps(stage, "log.dir-placeholder"));
        stage.producerConfig().parse(producerProps(stage, LOOPBACK_ANY_PORT));
        stage.consumerConfig().parse(consumerProps(stage, LOOPBACK_ANY_PORT));
    }

    public RunnerConfig runner() {
        return runner;
    }

    /**
     * The combinations of the sweep that {@code stage} runs: those of the swept keys its
     * ConfigDefs define; one empty combination outside a sweep, or when it defines none.
     */
    public List<Map<String, String>> sweepCombinations(Stage stage) {
        return runner.sweep().combinations(keysOf(stage));
    }

    /** These settings with {@code values} (one sweep combination) over the user's stage keys. */
    public RunSettings with(Map<String, String> values) {
        Map<String, String> merged = new LinkedHashMap<>(stageProps);
        merged.putAll(values);
        return new RunSettings(runner, merged, overload);
    }

    /** The overload scenario's knobs, defaults included; null when {@code overload=false}. */
    OverloadConfig overload() {
        return overload;
    }

    static Set<String> keysOf(Stage stage) {
        Set<String> keys = new LinkedHashSet<>();
        for (ConfigDef def : List.of(stage.brokerConfig(), stage.producerConfig(), stage.consumerConfig())) {
            keys.addAll(def.keys().keySet());
        }
        return keys;
    }

    /** The user's stage keys as given, before defaults: what the run changed from the stage's own. */
    public Map<String, String> stageOverrides() {
        return stageProps;
    }

    public Map<String, Object> brokerProps(Stage stage, String logDir) {
        Map<String, Object> props = forDef(stage.brokerConfig());
        props.put(BrokerConfig.LOG_DIR, logDir);
        props.put(BrokerConfig.LISTENERS, LOOPBACK_ANY_PORT);
        return props;
    }

    public Map<String, Object> producerProps(Stage stage, String bootstrapServers) {
        Map<String, Object> props = forDef(stage.producerConfig());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS, bootstrapServers);
        return props;
    }

    public Map<String, Object> consumerProps(Stage stage, String bootstrapServers) {
        Map<String, Object> props = forDef(stage.consumerConfig());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS, bootstrapServers);
        return props;
    }

    private Map<String, Object> forDef(ConfigDef def) {
        Map<String, Object> props = new LinkedHashMap<>();
        stageProps.forEach((key, value) -> {
            if (def.keys().containsKey(key)) {
                props.put(key, value);
            }
        });
        return props;
    }
}
