package dev.tenx.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The knob table in the workshop README is RunnerConfig's ConfigDef, printed: it may not drift. */
class ReadmeConfigTableTest {

    @Test
    void readmeShowsEveryRunnerKeyAsDefined() throws IOException {
        assertThat(Files.readString(Path.of("README.md")))
                .as("workshop/README.md must hold RunnerConfig.CONFIG.toMarkdownTable(); regenerate it after changing a key")
                .contains(RunnerConfig.CONFIG.toMarkdownTable().strip());
    }
}
