package dev.tenx.pipeline;

import static dev.tenx.common.testing.ReadmeConfigTables.MODULE_README;
import static dev.tenx.common.testing.ReadmeConfigTables.assertReadmeShows;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The producer knob table in this stage's README is its ConfigDef, printed: it may not drift.
 * The broker's and the consumer's tables are stage 0's and stage 1's, unchanged, checked there.
 */
class PipelinedReadmeConfigTablesTest {

    @Test
    void readmeShowsEveryProducerKeyAsDefined() throws IOException {
        assertReadmeShows(MODULE_README, "producer", new PipelinedStage().producerConfig());
    }
}
