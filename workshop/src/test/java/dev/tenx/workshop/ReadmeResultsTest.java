package dev.tenx.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenx.common.spi.Stage;
import dev.tenx.common.spi.Stages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The results the READMEs quote are those of real runs, copied, not typed: every Markdown table
 * row in the top-level README, a stage's README, workshop/KAFKA.md, DESIGN-REVIEW.md or the workshop
 * guide (workshop/GUIDE.md, GUIDE-ANSWERS.md) whose first cell is a stage name
 * ({@code stage0-naive}), a peer's label ({@code kafka 4.4.0 same promise}) or a calibration
 * measurement (a delay proxy's included), and the header
 * row of each table that holds one, must appear verbatim in one of the files of
 * {@code workshop/results/}, each a {@code results.md} the runner wrote, copied unchanged: the
 * reference comparison run ({@code reference-run.md}), the lab sweeps ({@code lab-*.md}) and the
 * reliability run ({@code reliability-*.md}, whose first line is its own) and the overload runs
 * ({@code *-overload.md}, written by {@link OverloadRunner}).
 */
class ReadmeResultsTest {

    private static final Path ROOT = Path.of("..");
    private static final Path RESULTS = Path.of("results");
    private static final Path REFERENCE_RUN = RESULTS.resolve("reference-run.md");
    /** What results.md starts with: a file that does not is no copy of one. */
    private static final String RESULTS_MD_FIRST_LINE = "# tenx comparison run";
    /** What the reliability run's results.md starts with ({@code -Preliability}, copied to reliability-*.md). */
    private static final String RELIABILITY_MD_FIRST_LINE = "# tenx reliability run";
    private static final Pattern STAGE_NAME = Pattern.compile("stage\\d+-[a-z0-9-]+");
    /** What the tables call the peers (Kafka), as they are registered. */
    private static final Set<String> PEER_LABELS = Stages.peers().stream().map(Stage::label).collect(Collectors.toSet());

    private static final String HOW_TO_REFRESH = """

            How to refresh them:
              1. ./mvnw -B -q verify -DskipTests -Pcompare      (the real run, with its defaults)
              2. cp workshop/target/results/latest/results.md workshop/results/reference-run.md
                 (and, for a lab table, -Plab-batching or -Plab-pipeline, copied to workshop/results/lab-*.md)
              3. paste its tables (header, separator and rows, unchanged) and its calibration rows
                 into the READMEs that quote them, and update the prose around them to the new figures.
            """;

    @Test
    void everyResultsFileIsOneTheRunnerWrote() throws IOException {
        assertThat(REFERENCE_RUN).as("no reference run" + HOW_TO_REFRESH).exists();
        for (Path file : resultsFiles()) {
            assertThat(Files.readAllLines(file))
                    .as(file.toAbsolutePath() + " must be a results.md the runner (or the reliability or overload"
                            + " runner) wrote" + HOW_TO_REFRESH)
                    .first().isIn(RESULTS_MD_FIRST_LINE, RELIABILITY_MD_FIRST_LINE, OverloadReport.FIRST_LINE);
        }
    }

    @Test
    void everyResultRowInTheReadmesIsInAResultsFile() throws IOException {
        Set<String> reference = new LinkedHashSet<>();
        for (Path file : resultsFiles()) {
            Files.readAllLines(file).forEach(line -> reference.add(line.stripTrailing()));
        }
        List<String> topLevel = quotedResultLines(Files.readAllLines(ROOT.resolve("README.md")));
        assertThat(topLevel)
                .as("README.md quotes no result row (a row whose first cell is a stage name)" + HOW_TO_REFRESH)
                .isNotEmpty();
        for (Path readme : readmes()) {
            List<String> missing = quotedResultLines(Files.readAllLines(readme)).stream()
                    .filter(line -> !reference.contains(line)).toList();
            assertThat(missing)
                    .as("these lines of " + readme.normalize() + " are in no file of workshop/results/: every "
                            + "figure a README quotes must come from a run, copied, not typed" + HOW_TO_REFRESH)
                    .isEmpty();
        }
    }

    private static List<Path> resultsFiles() throws IOException {
        try (Stream<Path> files = Files.list(RESULTS)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".md")).sorted().toList();
        }
    }

    /** The top-level README, every stage module's, the Kafka peers' page, the design review and the workshop guide. */
    private static List<Path> readmes() throws IOException {
        List<Path> readmes = new ArrayList<>(List.of(ROOT.resolve("README.md"), Path.of("KAFKA.md"),
                ROOT.resolve("DESIGN-REVIEW.md"), Path.of("GUIDE.md"), Path.of("GUIDE-ANSWERS.md")));
        try (Stream<Path> modules = Files.list(ROOT)) {
            modules.filter(m -> STAGE_NAME.matcher(m.getFileName().toString()).matches())
                    .map(m -> m.resolve("README.md")).filter(Files::exists).sorted().forEach(readmes::add);
        }
        return readmes;
    }

    @Test
    void onlyRowsWhoseFirstCellIsAStageOrACalibrationAreResults() {
        List<String> readme = List.of(
                "| # | module | technique |",
                "|---|---|---|",
                "| 0 | [`stage0-naive`](stage0-naive/README.md) | the baseline |",
                "",
                "| stage | produce rec/s |",
                "|---|---:|",
                "| stage0-naive | 857 |",
                "| " + Stages.byName("kafka-defaults").label() + " | 91,000 |",
                "",
                "| measurement | p50 us |",
                "|---|---:|",
                "| " + Calibration.FSYNC_LABEL + " | 1,834 |",
                "| " + Calibration.DELAY_PROXY_LABEL + "1 | 1,112 |");
        assertThat(quotedResultLines(readme)).containsExactly(
                "| stage | produce rec/s |", "| stage0-naive | 857 |",
                "| " + Stages.byName("kafka-defaults").label() + " | 91,000 |",
                "| measurement | p50 us |", "| " + Calibration.FSYNC_LABEL + " | 1,834 |",
                "| " + Calibration.DELAY_PROXY_LABEL + "1 | 1,112 |");
    }

    /** Result rows, and the header row of each table that holds one. */
    static List<String> quotedResultLines(List<String> lines) {
        List<String> quoted = new ArrayList<>();
        for (List<String> table : tables(lines)) {
            List<String> rows = table.stream().filter(ReadmeResultsTest::isResultRow).toList();
            if (!rows.isEmpty()) {
                quoted.add(table.get(0));
                quoted.addAll(rows);
            }
        }
        return quoted;
    }

    /** Runs of consecutive lines that start with "|", trailing blanks stripped. */
    private static List<List<String>> tables(List<String> lines) {
        List<List<String>> tables = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("|")) {
                current.add(line.stripTrailing());
            } else if (!current.isEmpty()) {
                tables.add(current);
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty()) {
            tables.add(current);
        }
        return tables;
    }

    static boolean isResultRow(String row) {
        String[] cells = row.split("\\|");
        if (cells.length < 2) {
            return false;
        }
        String first = cells[1].strip();
        return STAGE_NAME.matcher(first).matches() || PEER_LABELS.contains(first) || Calibration.isLabel(first);
    }
}
