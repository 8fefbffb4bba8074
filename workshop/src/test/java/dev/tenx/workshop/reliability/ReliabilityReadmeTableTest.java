package dev.tenx.workshop.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The reliability run's knob table in the workshop README is ReliabilityConfig's ConfigDef, printed. */
class ReliabilityReadmeTableTest {

    @Test
    void theReadmeShowsTheReliabilityKnobsAsDefined() throws Exception {
        assertThat(Files.readString(Path.of("README.md")))
                .as("workshop/README.md must hold ReliabilityConfig.CONFIG.toMarkdownTable(); regenerate it after "
                        + "changing a key")
                .contains(ReliabilityConfig.CONFIG.toMarkdownTable());
    }
}
