package dev.tenx.workshop.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * results.html: a run's results.json drawn as charts, in one file that opens offline and needs
 * nothing beside it. The page is a template ({@value #TEMPLATE}) whose placeholders take, in one
 * pass, the charting library (Apache ECharts, its script read from its webjar on the class path
 * and inlined with its license header), the chart code ({@value #CHART_CODE}: one function per
 * chart, each turning the embedded results into ECharts options), and results.json's text itself,
 * unchanged but for the two escapes of {@link #embeddable}. Every figure on the page is computed
 * there, in the browser, from that text, and each chart's caption names the fields it draws: the
 * page holds no figure that results.json does not.
 *
 * <p>Also a command, to rebuild the page of an existing run, for example after the chart code
 * changed: {@code java -cp <workshop's class path> dev.tenx.workshop.report.HtmlReport <directory>}
 * reads {@code <directory>/results.json} and writes {@code <directory>/results.html}.
 *
 * <p>Stateless; thread-safe.
 */
public final class HtmlReport {

    /** The page's file name, beside results.json. */
    public static final String FILE = "results.html";
    /** What {@link #main} reads in the directory it is given. */
    static final String SOURCE = "results.json";

    private static final String TEMPLATE = "report.html";
    private static final String CHART_CODE = "report.js";
    private static final String ECHARTS_POM = "/META-INF/maven/org.webjars.npm/echarts/pom.properties";
    private static final String ECHARTS_DIR = "/META-INF/resources/webjars/echarts/";
    /** Line, bar, log axes, legend, title, tooltip: all the charts use, at two thirds of the full build's size. */
    private static final String ECHARTS_SCRIPT = "/dist/echarts.common.min.js";
    private static final String ECHARTS_NOTICE = "/NOTICE";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Z_]+)}}");
    /** What would end an inline script element early, or change how the browser reads the rest of it. */
    private static final Pattern SCRIPT_BREAKER = Pattern.compile("</script|<!--", Pattern.CASE_INSENSITIVE);

    private HtmlReport() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: HtmlReport <directory holding " + SOURCE + ">; got args="
                    + List.of(args));
        }
        Path dir = Path.of(args[0]);
        Path html = write(dir.resolve(SOURCE), dir.resolve(FILE));
        System.out.println("wrote " + html.toAbsolutePath());
    }

    /** Reads {@code json}, writes the page to {@code html}, returns {@code html}. */
    public static Path write(Path json, Path html) throws IOException {
        Files.writeString(html, render(Files.readString(json)));
        return html;
    }

    /** The page for {@code resultsJson}, the text of a results.json. */
    static String render(String resultsJson) {
        String version = echartsVersion();
        String echarts = ECHARTS_DIR + version;
        return fill(resource(TEMPLATE), Map.of(
                "ECHARTS_VERSION", version,
                "ECHARTS_NOTICE", escapeHtml(resource(echarts + ECHARTS_NOTICE).strip()),
                "ECHARTS", inlineScript(echarts + ECHARTS_SCRIPT, resource(echarts + ECHARTS_SCRIPT)),
                "REPORT_JS", inlineScript(CHART_CODE, resource(CHART_CODE)),
                "RESULTS_JSON", embeddable(resultsJson)));
    }

    /**
     * JSON text that cannot end the script element that holds it, and parses to the same value:
     * {@code </} becomes {@code <\/} and {@code <!--} becomes {@code \u003c!--}, both escapes JSON
     * allows inside a string, the only place either can occur in JSON. The page undoes them to
     * offer results.json for download.
     */
    static String embeddable(String json) {
        return json.replace("</", "<\\/").replace("<!--", "\\u003c!--");
    }

    /** The template with each {@code {{NAME}}} replaced, in one pass: a value is never searched for placeholders. */
    static String fill(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder page = new StringBuilder(template.length() + values.values().stream().mapToInt(String::length).sum());
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("placeholder=" + m.group() + " in " + TEMPLATE + " has no value");
            }
            m.appendReplacement(page, Matcher.quoteReplacement(value));
        }
        return m.appendTail(page).toString();
    }

    private static String inlineScript(String name, String script) {
        if (SCRIPT_BREAKER.matcher(script).find()) {
            throw new IllegalStateException("script=" + name + " holds </script or <!--, which would break the page");
        }
        return script;
    }

    private static String echartsVersion() {
        Properties pom = new Properties();
        try (InputStream in = open(ECHARTS_POM)) {
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pom.getProperty("version");
    }

    private static String resource(String name) {
        try (InputStream in = open(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String name) {
        InputStream in = HtmlReport.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("resource=" + name + " is not on the class path"
                    + (name.startsWith(ECHARTS_DIR) || name.equals(ECHARTS_POM)
                    ? " (org.webjars.npm:echarts, a dependency of the workshop)" : ""));
        }
        return in;
    }

    private static String escapeHtml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
