package dev.tenx.workshop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One real run of the {@link ComparisonRunner}, as the end-to-end tests read it: what it
 * printed, and the results.json and results.md it wrote under {@code output}. Immutable.
 */
record RecordedRun(String printed, JsonNode results, String markdown) {

    /** Runs the runner with {@code args} (no System properties) and output.dir set to {@code output}. */
    static RecordedRun of(List<String> args, Path output) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(args);
        all.add("output.dir=" + output);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            ComparisonRunner.run(Map.of(), all, print, false);
        }
        Path dir = ResultsWriter.latest(output.resolve("results"));
        return new RecordedRun(out.toString(StandardCharsets.UTF_8),
                new ObjectMapper().readTree(dir.resolve(ResultsWriter.JSON_FILE).toFile()),
                Files.readString(dir.resolve(ResultsWriter.MARKDOWN_FILE)));
    }
}
