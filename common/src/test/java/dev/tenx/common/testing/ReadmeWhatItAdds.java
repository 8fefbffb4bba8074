package dev.tenx.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenx.common.config.ConfigDef;
import dev.tenx.common.spi.Stage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The check behind every stage's "What it adds" section: {@code git diff} between two stage
 * modules is a whole-tree add and delete, so the README says what the stage adds, and this keeps
 * it true to the code. The section ({@value #HEADING} up to the next {@code ## } heading) must
 * hold:
 *
 * <ul>
 *   <li>a table row {@code | `Name.java` | lines | ... |} for every source file of the stage's
 *       package, and none other, each with the file's line count;</li>
 *   <li>a fenced code block holding an excerpt of the composition root, whitespace aside, where
 *       {@code "..."} may stand for any string literal (the technique's description): the
 *       {@code super(PREVIOUS.parts()...)} call that names the parts the stage swaps;</li>
 *   <li>a line {@value #KEYS_LINE} followed by, per ConfigDef that gains keys,
 *       {@code broker|producer|consumer `key`, `key`} separated by {@code ;}, or by {@code none}:
 *       the keys this stage's ConfigDefs define that the previous stage's do not.</li>
 * </ul>
 *
 * A failure prints what the section should say, so it can be pasted.
 */
public final class ReadmeWhatItAdds {

    static final String HEADING = "## What it adds";
    static final String KEYS_LINE = "Config keys it adds:";
    private static final Pattern FILE_ROW = Pattern.compile("^\\| `([A-Za-z0-9]+\\.java)` \\| (\\d+) \\|");
    private static final String FENCE = "```";
    private static final String ANY_LITERAL = "\"...\"";

    private ReadmeWhatItAdds() {}

    /**
     * Fails unless {@code readme}'s section matches the code.
     *
     * @param packageDir the stage's package, under {@code src/main/java}
     * @param root       the composition root's source file
     * @param previous   the stage it builds on; null for stage 0, which adds every key it has
     */
    public static void assertReadmeShowsWhatItAdds(Path readme, Path packageDir, Path root, Stage stage, Stage previous)
            throws IOException {
        List<String> section = section(readme);
        assertThat(fileRows(section)).as("%s, %s: one row | `Name.java` | lines | ... | per file of %s, with its line"
                + " count; expected:%n%s", readme.toAbsolutePath(), HEADING, packageDir, expectedRows(packageDir))
                .isEqualTo(lineCounts(packageDir));
        String block = codeBlock(section);
        assertThat(withoutWhitespace(Files.readString(root))).as("%s, %s: the code block must be an excerpt of %s,"
                + " whitespace aside, \"...\" for a string; it was:%n%s", readme.toAbsolutePath(), HEADING, root, block)
                .containsPattern(literalPatternOf(withoutWhitespace(block)));
        assertThat(keysLine(section)).as("%s, %s: the line '%s ...'", readme.toAbsolutePath(), HEADING, KEYS_LINE)
                .isEqualTo(KEYS_LINE + " " + addedKeys(stage, previous) + ".");
    }

    private static List<String> section(Path readme) throws IOException {
        List<String> lines = Files.readAllLines(readme);
        int start = lines.indexOf(HEADING);
        assertThat(start).as("%s has no line '%s'", readme.toAbsolutePath(), HEADING).isNotNegative();
        int end = start + 1;
        while (end < lines.size() && !lines.get(end).startsWith("## ")) {
            end++;
        }
        return lines.subList(start + 1, end);
    }

    private static Map<String, Integer> fileRows(List<String> section) {
        Map<String, Integer> rows = new TreeMap<>();
        for (String line : section) {
            Matcher m = FILE_ROW.matcher(line);
            if (m.find()) {
                rows.put(m.group(1), Integer.parseInt(m.group(2)));
            }
        }
        return rows;
    }

    static Map<String, Integer> lineCounts(Path packageDir) throws IOException {
        Map<String, Integer> counts = new TreeMap<>();
        try (Stream<Path> files = Files.list(packageDir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".java")).toList()) {
                counts.put(file.getFileName().toString(), Files.readAllLines(file).size());
            }
        }
        return counts;
    }

    private static String expectedRows(Path packageDir) throws IOException {
        return lineCounts(packageDir).entrySet().stream()
                .map(e -> "| `" + e.getKey() + "` | " + e.getValue() + " | ... |").collect(Collectors.joining("\n"));
    }

    private static String codeBlock(List<String> section) {
        List<String> block = new ArrayList<>();
        boolean inside = false;
        for (String line : section) {
            if (line.strip().startsWith(FENCE)) {
                if (inside) {
                    return String.join("\n", block);
                }
                inside = true;
            } else if (inside) {
                block.add(line);
            }
        }
        throw new AssertionError(HEADING + " has no fenced code block with an excerpt of the composition root");
    }

    private static String withoutWhitespace(String text) {
        return text.replaceAll("\\s+", "");
    }

    /** {@code text} as a pattern that matches itself, each {@code "..."} any string literal. */
    static String literalPatternOf(String text) {
        return Stream.of(text.split(Pattern.quote(ANY_LITERAL), -1)).map(Pattern::quote)
                .collect(Collectors.joining("\"[^\"]*\""));
    }

    private static String keysLine(List<String> section) {
        return section.stream().filter(line -> line.startsWith(KEYS_LINE)).findFirst().orElse("(no such line)");
    }

    /** {@code producer `a`, `b`; consumer `c`}, or {@code none}. */
    static String addedKeys(Stage stage, Stage previous) {
        Map<String, Function<Stage, ConfigDef>> sides = new LinkedHashMap<>();
        sides.put("broker", Stage::brokerConfig);
        sides.put("producer", Stage::producerConfig);
        sides.put("consumer", Stage::consumerConfig);
        List<String> parts = new ArrayList<>();
        sides.forEach((side, def) -> {
            Set<String> added = new LinkedHashSet<>(def.apply(stage).keys().keySet());
            if (previous != null) {
                added.removeAll(def.apply(previous).keys().keySet());
            }
            if (!added.isEmpty()) {
                parts.add(side + " " + added.stream().map(k -> "`" + k + "`").collect(Collectors.joining(", ")));
            }
        });
        return parts.isEmpty() ? "none" : String.join("; ", parts);
    }
}
