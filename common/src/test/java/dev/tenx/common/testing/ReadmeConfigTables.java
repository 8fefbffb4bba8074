package dev.tenx.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenx.common.config.ConfigDef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The check behind every stage's README test: each knob table in a README is its ConfigDef,
 * printed by {@link ConfigDef#toMarkdownTable()}, so that docs and definitions cannot drift.
 * A table may stand anywhere in the README; no marker or heading is looked for.
 */
public final class ReadmeConfigTables {

    /** Surefire runs a module's tests from the module's directory. */
    public static final Path MODULE_README = Path.of("README.md");

    private ReadmeConfigTables() {}

    /** Fails unless {@code readme} holds {@code def}'s table exactly; {@code name} says which one in the message. */
    public static void assertReadmeShows(Path readme, String name, ConfigDef def) throws IOException {
        assertThat(readme).as("%s (looked for at %s) must exist and hold the stage's knob tables",
                readme, readme.toAbsolutePath()).isRegularFile();
        assertThat(Files.readString(readme))
                .as("%s must hold the %s table as ConfigDef.toMarkdownTable() prints it; regenerate it after "
                        + "changing a key", readme.toAbsolutePath(), name)
                .contains(def.toMarkdownTable().strip());
    }
}
