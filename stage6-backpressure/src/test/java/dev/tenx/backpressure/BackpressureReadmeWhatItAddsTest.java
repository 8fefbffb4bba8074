package dev.tenx.backpressure;

import static dev.tenx.common.testing.ReadmeConfigTables.MODULE_README;
import static dev.tenx.common.testing.ReadmeWhatItAdds.assertReadmeShowsWhatItAdds;

import dev.tenx.common.spi.Stage;
import dev.tenx.common.spi.Stages;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's "What it adds" is this package's files, the root's excerpt and the keys it adds over the stage before. */
class BackpressureReadmeWhatItAddsTest {

    private static final Path PACKAGE = Path.of("src/main/java/dev/tenx/backpressure");

    @Test
    void readmeSaysWhatThisStageAdds() throws IOException {
        BackpressureStage stage = new BackpressureStage();
        assertReadmeShowsWhatItAdds(MODULE_README, PACKAGE, PACKAGE.resolve("BackpressureStage.java"), stage,
                previous(stage));
    }

    /** The stage this one is built on, found by number, so that only the pom and the root name it. */
    private static Stage previous(Stage stage) {
        return Stages.all().stream().filter(s -> s.number() < stage.number()).reduce((earlier, later) -> later)
                .orElseThrow();
    }
}
