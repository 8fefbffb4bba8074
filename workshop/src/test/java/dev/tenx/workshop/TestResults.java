package dev.tenx.workshop;

import java.util.Map;

/** Hand-made results for the presentation tests. */
final class TestResults {

    static final ProducerGaugeSampler.Summary GAUGES = new ProducerGaugeSampler.Summary(300, 16_384, 8_192.0, 160, 5);
    static final long CLIENT_PID = 4_242;
    static final Scenario ONE_PRODUCER = Scenario.of(100, 1, 0);
    /** The measured produce window: 5 s, the runner's default. */
    static final long WINDOW_NANOS = 5_000_000_000L;

    private TestResults() {}

    /** Repetition 1 of 100B-1p. */
    static StageResult stage(String name, int number, double produceRecordsPerSecond, double replayRecordsPerSecond) {
        return stage(name, number, 1, ONE_PRODUCER, produceRecordsPerSecond, replayRecordsPerSecond);
    }

    static StageResult stage(String name, int number, int repetition, Scenario scenario,
                             double produceRecordsPerSecond, double replayRecordsPerSecond) {
        return stage(name, number, repetition, scenario, Map.of(), produceRecordsPerSecond,
                new Replay.Result(1, 100, 1, 1.0, replayRecordsPerSecond, replayRecordsPerSecond / 10_000));
    }

    /** A sweep's run: no replay. */
    static StageResult swept(String name, int number, Scenario scenario, Map<String, String> sweep,
                             double produceRecordsPerSecond) {
        return stage(name, number, 1, scenario, sweep, produceRecordsPerSecond, null);
    }

    /** This result with other costs. */
    static StageResult withCosts(StageResult r, Costs costs) {
        return new StageResult(r.stage(), r.number(), r.technique(), r.repetition(), r.scenario(), r.sweep(),
                r.clientPid(), r.produce(), r.saturated(), r.openLoop(), r.replay(), costs, r.producerGauges(),
                r.brokerConfig(), r.producerConfig(), r.consumerConfig(), r.profile());
    }

    /** This result with another closed-loop latency. */
    static StageResult withSaturated(StageResult r, StageResult.Latency saturated) {
        return new StageResult(r.stage(), r.number(), r.technique(), r.repetition(), r.scenario(), r.sweep(),
                r.clientPid(), r.produce(), saturated, r.openLoop(), r.replay(), r.costs(), r.producerGauges(),
                r.brokerConfig(), r.producerConfig(), r.consumerConfig());
    }

    private static StageResult stage(String name, int number, int repetition, Scenario scenario, Map<String, String> sweep,
                                     double produceRecordsPerSecond, Replay.Result replay) {
        Costs.ProcessCosts broker = new Costs.ProcessCosts(true, 1, 1, 1, 1, 1, 1, 5.06, 1.01, 4.05, 258, 56.9, 230, 793, 4_063);
        Costs.ProcessCosts client = new Costs.ProcessCosts(true, 1, 1, 1, 1, 1, 1, 5.33, 2.67, 2.66, 77.2, 98.6, 262, 682, 3_320);
        Costs.ProcessCosts proxy = new Costs.ProcessCosts(true, 0, 0, 0, 0, 0, 0, 0, 0, 0, Double.NaN, Double.NaN, 0, 0, 0);
        return new StageResult(name, number, "technique of " + name, repetition, scenario, sweep, CLIENT_PID,
                new StageResult.Produce(1, 100, WINDOW_NANOS, produceRecordsPerSecond, produceRecordsPerSecond / 10_000, 1),
                new StageResult.Latency(1, 1.22, 6.14, 10.3, 13.3),
                replay == null ? null : new StageResult.OpenLoop(produceRecordsPerSecond / 2, produceRecordsPerSecond / 2,
                        new StageResult.Latency(1, 0.5, 2.5, 4.5, 7.5)),
                replay,
                new Costs(1_000, 100, 10.0, 1.0 / 30, 3_000, 612_000_000, 3.0, 612, 2_040, 4_096, broker, client, proxy),
                GAUGES,
                Map.of(), Map.of(), Map.of());
    }
}
