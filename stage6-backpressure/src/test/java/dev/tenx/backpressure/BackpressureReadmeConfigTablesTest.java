package dev.tenx.backpressure;

import static dev.tenx.common.testing.ReadmeConfigTables.MODULE_README;
import static dev.tenx.common.testing.ReadmeConfigTables.assertReadmeShows;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The README's broker and producer knob tables are this stage's ConfigDefs, printed: they may not drift. */
class BackpressureReadmeConfigTablesTest {

    @Test
    void readmeShowsEveryBrokerKeyAsDefined() throws IOException {
        assertReadmeShows(MODULE_README, "broker", new BackpressureStage().brokerConfig());
    }

    @Test
    void readmeShowsEveryProducerKeyAsDefined() throws IOException {
        assertReadmeShows(MODULE_README, "producer", new BackpressureStage().producerConfig());
    }
}
