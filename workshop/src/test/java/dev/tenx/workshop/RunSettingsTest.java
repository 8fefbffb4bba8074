package dev.tenx.workshop;

import static dev.tenx.common.config.ConfigDef.Type.INT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenx.common.config.BrokerConfig;
import dev.tenx.common.config.ConfigDef;
import dev.tenx.common.config.ConfigException;
import dev.tenx.common.config.ConsumerConfig;
import dev.tenx.common.config.ProducerConfig;
import dev.tenx.common.spi.Broker;
import dev.tenx.common.spi.Consumer;
import dev.tenx.common.spi.Producer;
import dev.tenx.common.spi.Stage;
import dev.tenx.common.spi.Stages;
import dev.tenx.common.wire.Encoding;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunSettingsTest {

    /** A stage whose producer knows one key more than the shared ones, as a batching stage would. */
    private static final Stage BATCHING = new ConfigOnlyStage(new ConfigDef(ProducerConfig.CONFIG)
            .define("linger.ms", INT, 0, ConfigDef.atLeast(0), "test key"));

    @Test
    void takesKnownSystemPropertiesAndIgnoresTheRest() {
        RunSettings settings = RunSettings.of(
                Map.of("record.size", "1000", "linger.ms", "5", "java.home", "/jdk", "maven.repo.local", "/m2"),
                List.of(), List.of(BATCHING));
        assertThat(settings.runner().scenarios()).extracting(Scenario::recordSize).containsOnly(1_000);
        assertThat(settings.stageOverrides()).containsOnlyKeys("linger.ms");
    }

    @Test
    void argumentsWinOverSystemProperties() {
        RunSettings settings = RunSettings.of(Map.of("record.size", "1000"), List.of("record.size=10"), List.of(BATCHING));
        assertThat(settings.runner().scenarios()).extracting(Scenario::recordSize).containsOnly(10);
    }

    @Test
    void unknownArgumentFails() {
        assertThatThrownBy(() -> RunSettings.of(Map.of(), List.of("recrod.size=10"), List.of(BATCHING)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("unknown config key=recrod.size");
        assertThatThrownBy(() -> RunSettings.of(Map.of(), List.of("record.size"), List.of(BATCHING)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("expected key=value, got: record.size");
    }

    @Test
    void misspelledKnobFailsNamingTheKnobItResembles() {
        assertThatThrownBy(() -> RunSettings.of(Map.of("record.sise", "1000"), List.of(), List.of(BATCHING)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("unknown knob record.sise=1000; did you mean record.size?");
        assertThatThrownBy(() -> RunSettings.of(Map.of("linger.m", "5"), List.of(), List.of(BATCHING)))
                .as("a stage's key counts as much as the runner's")
                .isInstanceOf(ConfigException.class)
                .hasMessage("unknown knob linger.m=5; did you mean linger.ms?");
        assertThatThrownBy(() -> RunSettings.of(Map.of("max.request.sizes", "2097152"), List.of(), List.of(BATCHING)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("unknown knob max.request.sizes=2097152; did you mean max.request.size?");
    }

    @Test
    void propertiesOfOtherNamespacesAreNotTakenForKnobs() {
        RunSettings settings = RunSettings.of(
                Map.of("user.dir", "/work", "java.home", "/jdk", "io.netty.leakDetection.level", "paranoid"),
                List.of(), List.of(BATCHING));
        assertThat(settings.runner().scenarios()).extracting(Scenario::name).startsWith("100B-1p");
    }

    @Test
    void mavensSurefiresAndTheJvmsOwnPropertiesStillPass() {
        Map<String, String> maven = Map.ofEntries(
                Map.entry("skipTests", "true"),
                Map.entry("test", "RunSettingsTest#mavensSurefiresAndTheJvmsOwnPropertiesStillPass"),
                Map.entry("maven.repo.local", "/tmp/friction-m2"),
                Map.entry("style.color", "always"),
                Map.entry("surefire.failIfNoSpecifiedTests", "false"),
                Map.entry("maven.multiModuleProjectDirectory", "/work/tenx"),
                Map.entry("library.jansi.path", "/opt/maven/lib/jansi-native"),
                Map.entry("classworlds.conf", "/opt/maven/bin/m2.conf"),
                Map.entry("jacoco.skip", "true"),
                Map.entry("jmh.args", "CodecBenchmark -f 1"),
                Map.entry("file.encoding", "UTF-8"));
        assertThatCode(() -> RunSettings.of(maven, List.of(), List.of(Stages.byName("stage2"))))
                .doesNotThrowAnyException();
    }

    @Test
    void aKnobNoStageDefinesFailsNamingTheClosestKeyHoweverFar() {
        assertThatThrownBy(() -> RunSettings.of(Map.of("max.inflight", "1"), List.of(), List.of(Stages.byName("stage2"))))
                .as("-Pstage2 -Dmax.inflight=1: three edits and more from max.in.flight.requests.per.connection")
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("unknown knob max.inflight=1; the closest known key is "
                        + "max.in.flight.requests.per.connection\n");
        assertThatThrownBy(() -> RunSettings.of(Map.of("record.size.bytes", "1"), List.of(), List.of(BATCHING)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("unknown knob record.size.bytes=1; the closest known key is record.size\n");
    }

    @Test
    void everyUnappliedKnobIsNamedAtOnce() {
        assertThatThrownBy(() -> RunSettings.of(Map.of("compression.type", "lz4", "acks.all", "1"), List.of(),
                List.of(BATCHING)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown knob acks.all=1")
                .hasMessageContaining("unknown knob compression.type=lz4");
    }

    @Test
    void aKnobOfAStageTheRunDoesNotSelectFailsNamingTheStagesThatDefineIt() {
        assertThatThrownBy(() -> RunSettings.of(Map.of("max.in.flight.requests.per.connection", "1"), List.of(),
                List.of(Stages.byName("stage1"))))
                .as("-Pstage1 -Dmax.in.flight.requests.per.connection=1: stage 1 has no such key")
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("knob max.in.flight.requests.per.connection=1 is not applied: stage2-pipeline,")
                .hasMessageContaining("define it, and this run selects none of them");
        assertThatThrownBy(() -> RunSettings.of(Map.of("retries", "0"), List.of(), List.of(Stages.byName("stage0"))))
                .as("a single word is a knob when it is one of a stage's keys")
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("knob retries=0 is not applied");
    }

    @Test
    void thisJvmsOwnPropertiesAreNotTakenForTypos() {
        Map<String, String> jvm = new HashMap<>();
        System.getProperties().stringPropertyNames().forEach(name -> jvm.put(name, System.getProperty(name)));
        assertThatCode(() -> RunSettings.of(jvm, List.of(), List.of(BATCHING))).doesNotThrowAnyException();
    }

    @Test
    void unknownArgumentSaysWhichKeyItResembles() {
        assertThatThrownBy(() -> RunSettings.of(Map.of(), List.of("duration.sm=10"), List.of(BATCHING)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("unknown config key=duration.sm; did you mean duration.ms?; known keys: ");
    }

    @Test
    void runnerOwnedKeysAreRefused() {
        assertThatThrownBy(() -> RunSettings.of(Map.of("log.dir", "/tmp/x"), List.of(), List.of(BATCHING)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("log.dir=/tmp/x: the runner sets this key for each stage");
    }

    @Test
    void stageKeysGoOnlyWhereTheyAreDefined() {
        RunSettings settings = RunSettings.of(
                Map.of("linger.ms", "5", "request.timeout.ms", "1000", "num.network.threads", "1"),
                List.of(), List.of(BATCHING));
        assertThat(settings.producerProps(BATCHING, "127.0.0.1:9")).containsOnly(
                Map.entry("linger.ms", "5"), Map.entry("request.timeout.ms", "1000"),
                Map.entry("bootstrap.servers", "127.0.0.1:9"));
        assertThat(settings.consumerProps(BATCHING, "127.0.0.1:9")).containsOnly(
                Map.entry("request.timeout.ms", "1000"), Map.entry("bootstrap.servers", "127.0.0.1:9"));
        assertThat(settings.brokerProps(BATCHING, "/data")).containsOnly(
                Map.entry("num.network.threads", "1"), Map.entry("log.dir", "/data"),
                Map.entry("listeners", "127.0.0.1:0"));
    }

    @Test
    void invalidStageValueFailsBeforeAnythingRuns() {
        assertThatThrownBy(() -> RunSettings.of(Map.of("linger.ms", "-1"), List.of(), List.of(BATCHING)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("linger.ms=-1: must be at least 0");
    }

    @Test
    void runnerConfigAloneIgnoresStageKeys() {
        RunnerConfig runner = RunSettings.runnerConfig(Map.of("stages", "stage0"), List.of("linger.ms=5"));
        assertThat(runner.stages()).containsExactly("stage0");
    }

    @Test
    void aSweepRunsEachCombinationOfTheKeysAStageDefines() {
        RunSettings settings = RunSettings.of(Map.of("sweep", "linger.ms=0,5;num.network.threads=1,2"),
                List.of(), List.of(BATCHING));
        List<Map<String, String>> combinations = settings.sweepCombinations(BATCHING);
        assertThat(combinations).hasSize(4);
        RunSettings one = settings.with(combinations.get(3));
        assertThat(one.producerProps(BATCHING, "127.0.0.1:9")).containsEntry("linger.ms", "5");
        assertThat(one.brokerProps(BATCHING, "/data")).containsEntry("num.network.threads", "2");
        assertThat(settings.producerProps(BATCHING, "127.0.0.1:9")).doesNotContainKey("linger.ms");
    }

    @Test
    void aSweptValueWinsOverTheSameKeySetAlone() {
        RunSettings settings = RunSettings.of(Map.of("linger.ms", "7"), List.of("sweep=linger.ms=0,5"), List.of(BATCHING));
        assertThat(settings.with(settings.sweepCombinations(BATCHING).get(0)).producerProps(BATCHING, "127.0.0.1:9"))
                .containsEntry("linger.ms", "0");
    }

    @Test
    void aStageThatDefinesNoSweptKeyRunsOnce() {
        RunSettings settings = RunSettings.of(Map.of("sweep", "linger.ms=0,5"), List.of(), List.of(BATCHING, PLAIN));
        assertThat(settings.sweepCombinations(PLAIN)).containsExactly(Map.of());
        assertThat(settings.sweepCombinations(BATCHING)).hasSize(2);
    }

    @Test
    void anUnknownSweptKeyFailsAtStartSayingWhatItResembles() {
        assertThatThrownBy(() -> RunSettings.of(Map.of("sweep", "linger.m=0,5"), List.of(), List.of(BATCHING)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("sweep=linger.m=0,5: unknown key=linger.m; did you mean linger.ms?; keys of the"
                        + " selected stages: ");
        assertThatThrownBy(() -> RunSettings.of(Map.of("sweep", "linger.ms=0,5"), List.of(), List.of(PLAIN)))
                .as("a key no selected stage defines")
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("sweep=linger.ms=0,5: unknown key=linger.ms");
    }

    @Test
    void aSweptValueAStageRefusesFailsAtStartWithKeyAndValue() {
        assertThatThrownBy(() -> RunSettings.of(Map.of("sweep", "linger.ms=0,-5"), List.of(), List.of(BATCHING)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("sweep=linger.ms=0,-5: stage9-test refuses {linger.ms=-5}: linger.ms=-5: must be at least 0");
    }

    @Test
    void runnerKeysAndRunnerOwnedKeysCannotBeSwept() {
        assertThatThrownBy(() -> RunSettings.of(Map.of("sweep", "record.size=100,1000"), List.of(), List.of(BATCHING)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("sweep=record.size=100,1000: key=record.size is the runner's; a sweep varies stage keys");
        assertThatThrownBy(() -> RunSettings.of(Map.of(), List.of("sweep=log.dir=/a,/b"), List.of(BATCHING)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("sweep=log.dir=/a,/b: key=log.dir is the runner's");
    }

    /** A stage with only the shared keys, as stage 0. */
    private static final Stage PLAIN = new ConfigOnlyStage(ProducerConfig.CONFIG);

    /** Only the ConfigDefs are real; nothing here starts. */
    private record ConfigOnlyStage(ConfigDef producer) implements Stage {
        @Override public String name() { return "stage9-test"; }
        @Override public int number() { return 9; }
        @Override public String technique() { return "test"; }
        @Override public Encoding encoding() { return Encoding.JSON; }
        @Override public ConfigDef brokerConfig() { return BrokerConfig.CONFIG; }
        @Override public ConfigDef producerConfig() { return producer; }
        @Override public ConfigDef consumerConfig() { return ConsumerConfig.CONFIG; }
        @Override public Broker startBroker(Map<String, ?> props) { throw new UnsupportedOperationException(); }
        @Override public Producer newProducer(Map<String, ?> props) { throw new UnsupportedOperationException(); }
        @Override public Consumer newConsumer(Map<String, ?> props) { throw new UnsupportedOperationException(); }
    }
}
