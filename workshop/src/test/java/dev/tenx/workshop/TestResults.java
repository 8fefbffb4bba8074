package dev.tenx.workshop;

import java.util.Map;

/** Hand-made results for the presentation tests. */
final class TestResults {

    static final ProducerGaugeSampler.Summary GAUGES = new ProducerGaugeSampler.Summary(300, 16_384, 8_192.0, 160, 5);

    static final long CLIENT_PID = 4_242;

    private TestResults() {}

    static StageResult stage(String name, int number, double produceRecordsPerSecond,
                             double replayRecordsPerSecond) {
        return stage(name, number, 0, produceRecordsPerSecond, replayRecordsPerSecond);
    }

    static StageResult stage(String name, int number, double rttMs, double produceRecordsPerSecond,
                             double replayRecordsPerSecond) {
        return stage(name, number, rttMs, Map.of(), produceRecordsPerSecond,
                new Replay.Result(1, 100, 1, 1.0, replayRecordsPerSecond, replayRecordsPerSecond / 10_000));
    }

    /** A sweep's run: no replay. */
    static StageResult swept(String name, int number, double rttMs, Map<String, String> sweep,
                             double produceRecordsPerSecond) {
        return stage(name, number, rttMs, sweep, produceRecordsPerSecond, null);
    }

    private static StageResult stage(String name, int number, double rttMs, Map<String, String> sweep,
                                     double produceRecordsPerSecond, Replay.Result replay) {
        Costs.ProcessCosts broker = new Costs.ProcessCosts(true, 1, 1, 1, 1, 1, 1, 5.06, 1.01, 4.05, 258, 56.9, 793, 4_063);
        Costs.ProcessCosts client = new Costs.ProcessCosts(true, 1, 1, 1, 1, 1, 1, 5.33, 2.67, 2.66, 77.2, 98.6, 682, 3_320);
        Costs.ProcessCosts proxy = new Costs.ProcessCosts(true, 0, 0, 0, 0, 0, 0, 0, 0, 0, Double.NaN, Double.NaN, 0, 0);
        return new StageResult(name, number, "technique of " + name, rttMs, sweep, CLIENT_PID,
                new StageResult.Produce(1, 100, 1, produceRecordsPerSecond, produceRecordsPerSecond / 10_000, 1),
                new StageResult.Latency(1, 1.22, 6.14, 10.3, 13.3),
                replay,
                new Costs(1_000, 100, 10.0, 3_000, 612_000_000, 3.0, 612, broker, client, proxy),
                GAUGES,
                Map.of(), Map.of(), Map.of());
    }
}
