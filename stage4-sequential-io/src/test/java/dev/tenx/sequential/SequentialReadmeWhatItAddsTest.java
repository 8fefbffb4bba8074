package dev.tenx.sequential;

import static dev.tenx.common.testing.ReadmeConfigTables.MODULE_README;
import static dev.tenx.common.testing.ReadmeWhatItAdds.assertReadmeShowsWhatItAdds;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's "What it adds" is this stage's package, its composition root and its new keys
 * (against stage 3), as the code has them: it may not drift.
 */
class SequentialReadmeWhatItAddsTest {

    private static final Path PACKAGE = Path.of("src/main/java/dev/tenx/sequential");

    @Test
    void readmeSaysWhatThisStageAdds() throws IOException {
        assertReadmeShowsWhatItAdds(MODULE_README, PACKAGE, PACKAGE.resolve("SequentialStage.java"), new SequentialStage(),
                new dev.tenx.binary.BinaryStage());
    }
}
