package dev.tenx.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tenx.workshop.report.HtmlReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * results.html, as {@link ResultsWriter} writes it beside results.json: it carries results.json
 * whole, cannot be broken out of by the data, loads nothing from the network, holds every
 * section the charts are drawn into, and can be rebuilt from a results directory.
 */
class ResultsPageTest {

    private static final String START = "2026-12-02T10:20:30.123Z";
    /** A string in the data that would end the data's script element, and run its own, were it not escaped. */
    private static final String HOSTILE = "</script><script>alert('out')</script><!--<script>";
    private static final Pattern DATA = Pattern.compile(
            "<script type=\"application/json\" id=\"results\">(.*?)</script>", Pattern.DOTALL);
    /** A src or href (or a CSS url) that names another host: the page must need no network. */
    private static final Pattern REMOTE = Pattern.compile(
            "(?i)(?:\\b(?:src|href)\\s*=\\s*[\"']?|url\\(\\s*[\"']?)\\s*(?:https?:)?//");

    @TempDir
    static Path output;
    private static Path dir;
    private static String page;
    private static JsonNode json;

    @BeforeAll
    static void writeARun() throws IOException {
        dir = ResultsWriter.write(output, run());
        page = Files.readString(dir.resolve(ResultsWriter.HTML_FILE));
        json = new ObjectMapper().readTree(dir.resolve(ResultsWriter.JSON_FILE).toFile());
    }

    private static ResultsWriter.Run run() {
        Calibration calibration = new Calibration(new Calibration.Percentiles(3_000, 28.3, 134),
                new Calibration.Percentiles(300, 314, 532));
        List<StageResult> stages = List.of(
                TestResults.stage("stage5-zerocopy", 5, 200_000, 4_000_000),
                TestResults.stage("stage6-backpressure", 6, 230_000, 3_000_000));
        OverloadSample sample = new OverloadSample(1_000, 90_000, 10, Double.NaN, 4L * 1024 * 1024, -1, Map.of());
        OverloadResult result = new OverloadResult(100_000, 100_000, 90_000, 1_350_000, 2, 9, 12, 15,
                Map.of("BufferExhaustedException", 10L), true, 0, true, "all read back");
        OverloadRunner.Results overload = new OverloadRunner.Results(new OverloadConfig(Map.of()).values(),
                List.of(new OverloadRunner.Outcome("stage6-backpressure", List.of(sample), result, true, null)));
        return new ResultsWriter.Run(ResultsWriter.SCHEMA_VERSION, START, Machine.current(), calibration, Map.of(),
                List.of("-Xmx1g"), List.of("-Xmx1g"), Map.of("client.id", HOSTILE), List.of(TestResults.ONE_PRODUCER), 1,
                Map.of(), stages, Comparison.of(stages),
                MachineLoad.between(MachineLoad.Snapshot.UNKNOWN, MachineLoad.Snapshot.UNKNOWN, calibration, stages),
                overload, null);
    }

    @Test
    void theEmbeddedDataIsResultsJson() throws IOException {
        Matcher data = DATA.matcher(page);
        assertThat(data.find()).as("the data's script element").isTrue();

        assertThat(new ObjectMapper().readTree(data.group(1))).isEqualTo(json);
        assertThat(json.get("overload").get("outcomes").get(0).get("samples").get(0).get("p99Ms").isNull())
                .as("NaN in the overload samples is null, as everywhere in results.json").isTrue();
    }

    @Test
    void aClosingScriptTagInTheDataCannotEndItsElement() throws IOException {
        Matcher data = DATA.matcher(page);
        assertThat(data.find()).isTrue();

        assertThat(new ObjectMapper().readTree(data.group(1)).get("stageOverrides").get("client.id").asText())
                .as("the data's element ends after the whole of the data").isEqualTo(HOSTILE);
        assertThat(count(page.toLowerCase(Locale.ROOT), "</script"))
                .as("end tags: the library's, the data's and the chart code's own, none from the data").isEqualTo(3);
        assertThat(page).as("what would make a later <script> in the data count").doesNotContain("<!--<script");
    }

    @Test
    void needsNoNetwork() {
        assertThat(REMOTE.matcher(page).find()).as("a src, href or url() that names a host").isFalse();
        assertThat(page).doesNotContain("<link").contains("echarts.init");
    }

    @Test
    void holdsEverySectionTheChartsAreDrawnInto() {
        assertThat(page).contains("id=\"throughput-charts\"", "id=\"costs-charts\"", "id=\"replay-costs-charts\"",
                "id=\"latency-charts\"",
                "id=\"peers-tables\"", "id=\"overload-charts\"", "id=\"machine-tables\"", "id=\"download\"");
    }

    @Test
    void namesTheChartingLibraryAndItsLicence() {
        assertThat(page).contains("Charts drawn by Apache ECharts 5.", "Apache License, Version 2.0",
                "Licensed to the Apache Software Foundation (ASF)", "Copyright 2017-2022 The Apache Software Foundation");
    }

    @Test
    void theOverloadScenarioIsInResultsMdToo() throws IOException {
        assertThat(Files.readString(dir.resolve(ResultsWriter.MARKDOWN_FILE)))
                .contains(OverloadReport.SECTION_TITLE, "| stage6-backpressure | 100,000 |");
    }

    @Test
    void theCommandRebuildsThePageFromAResultsDirectory() throws IOException {
        Files.delete(dir.resolve(ResultsWriter.HTML_FILE));

        HtmlReport.main(new String[] {dir.toString()});

        assertThat(Files.readString(dir.resolve(ResultsWriter.HTML_FILE))).isEqualTo(page);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
