package dev.tenx.sequential;

import static dev.tenx.common.testing.ReadmeConfigTables.MODULE_README;
import static dev.tenx.common.testing.ReadmeConfigTables.assertReadmeShows;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The broker knob table in this stage's README is its ConfigDef, printed: it may not drift. The
 * producer's and the consumer's tables are the earlier stages', unchanged, checked there.
 */
class SequentialReadmeConfigTablesTest {

    @Test
    void readmeShowsEveryBrokerKeyAsDefined() throws IOException {
        assertReadmeShows(MODULE_README, "broker", new SequentialStage().brokerConfig());
    }
}
