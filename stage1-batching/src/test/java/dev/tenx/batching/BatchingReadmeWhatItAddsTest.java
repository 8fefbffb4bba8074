package dev.tenx.batching;

import static dev.tenx.common.testing.ReadmeConfigTables.MODULE_README;
import static dev.tenx.common.testing.ReadmeWhatItAdds.assertReadmeShowsWhatItAdds;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's "What it adds" is this stage's package, its composition root and its new keys
 * (against stage 0), as the code has them: it may not drift.
 */
class BatchingReadmeWhatItAddsTest {

    private static final Path PACKAGE = Path.of("src/main/java/dev/tenx/batching");

    @Test
    void readmeSaysWhatThisStageAdds() throws IOException {
        assertReadmeShowsWhatItAdds(MODULE_README, PACKAGE, PACKAGE.resolve("BatchingStage.java"), new BatchingStage(),
                new dev.tenx.naive.NaiveStage());
    }
}
