package dev.tenx.workshop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenx.common.config.ConfigException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The overload scenario's settings and tables: stage keys parse as key=value;key=value, the
 * report starts as {@link ReadmeResultsTest} expects of a results file, a broker that died and a
 * client that did not end normally are said so, not hidden, and peaks come from the samples.
 */
class OverloadReportTest {

    private static final OverloadConfig CONFIG = new OverloadConfig(Map.of());

    @Test
    void stageKeysParseInOrderAndABadPairIsRefusedNamingTheKnob() {
        assertThat(CONFIG.stageProps()).containsExactly(Map.entry("buffer.memory", "1048576"),
                Map.entry("max.block.ms", "0"));
        assertThatThrownBy(() -> new OverloadConfig(Map.of(OverloadConfig.STAGE_PROPS, "buffer.memory")).stageProps())
                .isInstanceOf(ConfigException.class).hasMessageContaining(OverloadConfig.STAGE_PROPS);
    }

    @Test
    void theReportSaysWhatDiedAndTakesPeaksFromTheSamples() {
        OverloadSample early = new OverloadSample(1_000, 10, 0, 5, 2L * 1024 * 1024, 100L * 1024 * 1024, Map.of());
        OverloadSample late = new OverloadSample(2_000, 10, 0, 7, 3L * 1024 * 1024, -1, Map.of());
        OverloadResult result = new OverloadResult(100, 90, 10, 20, 1, 5, 7, 7,
                Map.of("BufferExhaustedException", 70L), true, 0, true, "all 20 read back");
        List<OverloadRunner.Outcome> outcomes = List.of(
                new OverloadRunner.Outcome("stage6-backpressure", List.of(early, late), result, true, null),
                new OverloadRunner.Outcome("stage4-sequential-io", List.of(early), null, false, "the client exited 1"));

        String markdown = OverloadReport.markdown(CONFIG, outcomes);

        assertThat(markdown.lines().findFirst()).hasValue(OverloadReport.FIRST_LINE);
        assertThat(markdown).contains("| stage6-backpressure | 100 | 90 | 10 | 1.00 | 5.00 | 7.00 | 7.00 | 3.00 | 100 "
                + "| BufferExhaustedException 70 | yes | yes: all 20 read back |");
        assertThat(markdown).contains("| stage4-sequential-io | - |").contains("| NO | not checked")
                .contains("stage4-sequential-io: the client exited 1");
        assertThat(markdown).contains("| stage6-backpressure | 2.00 | 10 | 0 | 7.00 | 3.00 | no answer | - |");
    }
}
