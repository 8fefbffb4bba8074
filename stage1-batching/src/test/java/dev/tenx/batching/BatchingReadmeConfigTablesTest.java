package dev.tenx.batching;

import static dev.tenx.common.testing.ReadmeConfigTables.MODULE_README;
import static dev.tenx.common.testing.ReadmeConfigTables.assertReadmeShows;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The knob tables in this stage's README are its ConfigDefs, printed: they may not drift. The
 * broker's table is stage 0's, unchanged, and is checked there.
 */
class BatchingReadmeConfigTablesTest {

    private final BatchingStage stage = new BatchingStage();

    @Test
    void readmeShowsEveryProducerAndConsumerKeyAsDefined() throws IOException {
        assertReadmeShows(MODULE_README, "producer", stage.producerConfig());
        assertReadmeShows(MODULE_README, "consumer", stage.consumerConfig());
    }

    @Test
    void theStageDefinesTheTablesTheReadmeShows() {
        assertThat(stage.producerConfig()).as("the stage's producer definition").isSameAs(BatchingProducerConfig.CONFIG);
        assertThat(stage.consumerConfig()).as("the stage's consumer definition").isSameAs(BatchingConsumerConfig.CONFIG);
    }
}
