package dev.tenx.workshop.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reliability run, shortened, on every stage: what {@code ./mvnw verify} runs on every change.
 * A few crash cycles, a few dozen power-loss points, every disk fault, a thousand hostile frames
 * per stage; every check must find nothing. {@code -Preliability} runs the full one.
 */
class ReliabilityRunSliceTest {

    @TempDir
    Path output;

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void everyStageSurvivesAShortReliabilityRun() throws Exception {
        ReliabilityConfig config = new ReliabilityConfig(Map.of(
                ReliabilityConfig.STAGES, System.getProperty("reliability.slice.stages", ""),
                ReliabilityConfig.CRASH_CYCLES, 2,
                ReliabilityConfig.CRASH_KILL_MAX_MS, 300,
                ReliabilityConfig.POWER_LOSS_POINTS, 40,
                ReliabilityConfig.HOSTILE_FRAMES, 1_000,
                ReliabilityConfig.OUTPUT_DIR, output.toString()));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        List<ReliabilityRunner.StageReliability> results = ReliabilityRunner.run(config,
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        String report = printed.toString(StandardCharsets.UTF_8);
        System.out.println(report);
        assertThat(results).as("stages run").isNotEmpty();
        assertThat(results).as("stages with a finding; the report:%n%s", report)
                .allMatch(ReliabilityRunner.StageReliability::clean);
    }
}
