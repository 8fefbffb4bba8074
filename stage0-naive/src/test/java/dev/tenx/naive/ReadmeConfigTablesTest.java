package dev.tenx.naive;

import static dev.tenx.common.testing.ReadmeConfigTables.MODULE_README;
import static dev.tenx.common.testing.ReadmeConfigTables.assertReadmeShows;

import dev.tenx.common.spi.Stage;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The knob tables in this stage's README are its ConfigDefs, printed: they may not drift. */
class ReadmeConfigTablesTest {

    private final Stage stage = new NaiveStage();

    @Test
    void readmeShowsEveryKeyAsDefined() throws IOException {
        assertReadmeShows(MODULE_README, "broker", stage.brokerConfig());
        assertReadmeShows(MODULE_README, "producer", stage.producerConfig());
        assertReadmeShows(MODULE_README, "consumer", stage.consumerConfig());
    }
}
