package dev.tenx.zerocopy;

import static dev.tenx.common.testing.ReadmeConfigTables.MODULE_README;
import static dev.tenx.common.testing.ReadmeConfigTables.assertReadmeShows;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The broker knob table in this stage's README is its ConfigDef, printed: it may not drift. This
 * stage adds no key; the table says which earlier keys bound what a fetch sends with sendfile.
 */
class ZeroCopyReadmeConfigTablesTest {

    @Test
    void readmeShowsEveryBrokerKeyAsDefined() throws IOException {
        assertReadmeShows(MODULE_README, "broker", new ZeroCopyStage().brokerConfig());
    }
}
