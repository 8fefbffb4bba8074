package dev.tenx.workshop;

import java.util.Map;

/** Hand-made results for the presentation tests. */
final class TestResults {

    private TestResults() {}

    static StageResult stage(String name, int number, double produceRecordsPerSecond,
                             double replayRecordsPerSecond, boolean replayComplete) {
        Costs.ProcessCosts broker = new Costs.ProcessCosts(1, 1, 1, 1, 1, 1, 5.06, 1.01, 4.05, 258, 56.9, 793, 4_063);
        Costs.ProcessCosts client = new Costs.ProcessCosts(1, 1, 1, 1, 1, 1, 5.33, 2.67, 2.66, 77.2, 98.6, 682, 3_320);
        return new StageResult(name, number, "technique of " + name,
                new StageResult.Produce(1, 100, 1, produceRecordsPerSecond, produceRecordsPerSecond / 10_000, 1),
                new StageResult.Latency(1, 1.22, 6.14, 10.3, 13.3),
                new Replay.Result(1, 100, 1, replayComplete, replayRecordsPerSecond, replayRecordsPerSecond / 10_000),
                new Costs(1_000, 3_000, 612_000_000, 3.0, 612, broker, client),
                Map.of(), Map.of(), Map.of());
    }
}
