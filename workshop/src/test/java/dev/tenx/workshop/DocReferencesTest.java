package dev.tenx.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The design review and the workshop guide point into the code: a line of a file for each answer,
 * a test for each proof, a README for each exercise. Code moves under them, so every pointer is
 * checked here, not trusted:
 * <ul>
 *   <li>a line reference, written {@code [`File.java:123`](path/File.java#L123) `symbol`}, names a
 *       file that exists, and its line still holds the symbol (or the symbol's last dotted part);
 *   <li>a test named {@code `SomeTest.method`} (or a class {@code `SomeTest`}) exists in a
 *       module's test sources;
 *   <li>a relative link points at a file or directory that exists;
 *   <li>no link leaves the repository.
 * </ul>
 * Runs from the workshop module, like {@link ReadmeResultsTest}.
 */
class DocReferencesTest {

    private static final Path ROOT = Path.of("..");
    private static final List<Path> DOCS = List.of(
            ROOT.resolve("DESIGN-REVIEW.md"), Path.of("GUIDE.md"), Path.of("GUIDE-ANSWERS.md"));

    /** {@code [`File.java:123`](path/File.java#L123) `symbol`}: a file, a line, what the line holds. */
    private static final Pattern LINE_REFERENCE =
            Pattern.compile("\\[`([^`:]+):(\\d+)`\\]\\(([^)#\\s]+)#L(\\d+)\\) `([^`]+)`");
    /** Any link to a line, checked or not: each must be a {@link #LINE_REFERENCE}. */
    private static final Pattern ANY_LINE_LINK = Pattern.compile("\\]\\([^)\\s]+#L\\d+\\)");
    private static final Pattern RELATIVE_LINK = Pattern.compile("\\]\\(([^)#\\s:]+)(#[^)\\s]*)?\\)");
    private static final Pattern TEST_METHOD = Pattern.compile("`([A-Z]\\w*Test)\\.(\\w+)`");
    private static final Pattern TEST_CLASS = Pattern.compile("`([A-Z]\\w*Test)`");

    @Test
    void everyLineReferenceStillHoldsItsSymbol() throws IOException {
        for (Path doc : DOCS) {
            String text = Files.readString(doc);
            Matcher reference = LINE_REFERENCE.matcher(text);
            int checked = 0;
            while (reference.find()) {
                checkLine(doc, reference);
                checked++;
            }
            assertThat(countOf(ANY_LINE_LINK, text))
                    .as(doc + ": every link to a line must read [`File.java:N`](path#LN) `symbol`, so that it is checked")
                    .isEqualTo(checked);
        }
    }

    private static void checkLine(Path doc, Matcher reference) throws IOException {
        String name = reference.group(1);
        int line = Integer.parseInt(reference.group(2));
        Path file = doc.resolveSibling(reference.group(3)).normalize();
        String symbol = reference.group(5);
        assertThat(file.getFileName().toString()).as(doc + ": " + reference.group()).isEqualTo(name);
        assertThat(Integer.parseInt(reference.group(4))).as(doc + ": " + reference.group() + ": two line numbers")
                .isEqualTo(line);
        assertThat(file).as(doc + ": " + reference.group()).isRegularFile();
        List<String> lines = Files.readAllLines(file);
        String held = line <= lines.size() ? lines.get(line - 1) : "";
        assertThat(holds(held, symbol))
                .as(doc + ": " + name + ":" + line + " no longer holds `" + symbol + "` (it reads \"" + held.strip()
                        + "\"); lines that do: " + linesHolding(lines, symbol))
                .isTrue();
    }

    /** The symbol as written, or its last dotted part: {@code GroupCommit.fail} is found as {@code fail}. */
    private static boolean holds(String line, String symbol) {
        String bare = symbol.endsWith("()") ? symbol.substring(0, symbol.length() - 2) : symbol;
        return line.contains(bare) || line.contains(bare.substring(bare.lastIndexOf('.') + 1));
    }

    private static List<Integer> linesHolding(List<String> lines, String symbol) {
        return IntStream.range(0, lines.size()).filter(i -> holds(lines.get(i), symbol)).map(i -> i + 1)
                .boxed().toList();
    }

    @Test
    void everyTestNamedExists() throws IOException {
        Map<String, List<Path>> testSources = testSources();
        for (Path doc : DOCS) {
            String text = Files.readString(doc);
            Matcher method = TEST_METHOD.matcher(text);
            while (method.find()) {
                String needle = method.group(2) + "(";
                assertThat(testSources.getOrDefault(method.group(1), List.of()))
                        .as(doc + ": no test class " + method.group(1) + " with a method " + method.group(2))
                        .anyMatch(source -> contains(source, needle));
            }
            Matcher type = TEST_CLASS.matcher(text);
            while (type.find()) {
                assertThat(testSources).as(doc + ": no test class " + type.group(1)).containsKey(type.group(1));
            }
        }
    }

    /** Every test source of every module, by class name (the contract tests' names recur only as subclasses). */
    private static Map<String, List<Path>> testSources() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(f -> f.toString().contains("/src/test/java/") && f.toString().endsWith(".java"))
                    .filter(f -> !f.toString().contains("/target/"))
                    .collect(Collectors.groupingBy(f -> f.getFileName().toString().replace(".java", "")));
        }
    }

    private static boolean contains(Path source, String needle) {
        try {
            return Files.readString(source).contains(needle);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + source, e);
        }
    }

    @Test
    void everyRelativeLinkPointsAtAFileThatExists() throws IOException {
        for (Path doc : DOCS) {
            Matcher link = RELATIVE_LINK.matcher(Files.readString(doc));
            List<String> missing = new ArrayList<>();
            while (link.find()) {
                if (!Files.exists(doc.resolveSibling(link.group(1)))) {
                    missing.add(link.group(1));
                }
            }
            assertThat(missing).as(doc + ": links to files that do not exist").isEmpty();
        }
    }

    @Test
    void noLinkLeavesTheRepository() throws IOException {
        for (Path doc : DOCS) {
            assertThat(Files.readString(doc)).as(doc + ": the docs cite the article by its title, and link nowhere outside")
                    .doesNotContain("http://", "https://");
        }
    }

    private static int countOf(Pattern pattern, String text) {
        return (int) pattern.matcher(text).results().count();
    }
}
