package dev.tenx.naive;

import static dev.tenx.common.testing.ReadmeConfigTables.MODULE_README;
import static dev.tenx.common.testing.ReadmeWhatItAdds.assertReadmeShowsWhatItAdds;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's "What it adds" is this stage's package, its composition root and its new keys
 * (stage 0 builds on nothing: every key it has is one it adds), as the code has them: it may not drift.
 */
class NaiveReadmeWhatItAddsTest {

    private static final Path PACKAGE = Path.of("src/main/java/dev/tenx/naive");

    @Test
    void readmeSaysWhatThisStageAdds() throws IOException {
        assertReadmeShowsWhatItAdds(MODULE_README, PACKAGE, PACKAGE.resolve("NaiveStage.java"), new NaiveStage(),
                null);
    }
}
