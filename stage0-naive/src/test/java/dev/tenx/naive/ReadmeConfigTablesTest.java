package dev.tenx.naive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenx.common.spi.Stage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The knob tables in this stage's README are its ConfigDefs, printed: they may not drift. */
class ReadmeConfigTablesTest {

    private final Stage stage = new NaiveStage();

    @Test
    void readmeShowsEveryKeyAsDefined() throws IOException {
        String readme = Files.readString(Path.of("README.md"));

        assertThat(readme)
                .as("stage0-naive/README.md must hold the broker, producer and consumer tables as "
                        + "ConfigDef.toMarkdownTable() prints them; regenerate them after changing a key")
                .contains(stage.brokerConfig().toMarkdownTable().strip())
                .contains(stage.producerConfig().toMarkdownTable().strip())
                .contains(stage.consumerConfig().toMarkdownTable().strip());
    }
}
