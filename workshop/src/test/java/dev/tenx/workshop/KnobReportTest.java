package dev.tenx.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenx.common.spi.Stage;
import dev.tenx.common.spi.Stages;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KnobReportTest {

    private static final List<Stage> STAGE2 = List.of(Stages.byName("stage2"));
    private static final String MAX_IN_FLIGHT = "max.in.flight.requests.per.connection";

    private static KnobReport report(Map<String, String> systemProperties, List<String> args) {
        return KnobReport.of(systemProperties, args, RunSettings.of(systemProperties, args, STAGE2), STAGE2);
    }

    @Test
    void underMavenAnArgumentIsTheProfilesUnlessTheCommandLineGaveIt() {
        KnobReport report = report(
                Map.of(KnobReport.MAVEN_HOME, "/opt/maven", MAX_IN_FLIGHT, "1", "rtt.ms", "0,5"),
                List.of("output.dir=/work/tenx/workshop/target", "stages=stage2-pipeline", "rtt.ms=0,5", "warmup.ms=2000"));

        assertThat(report.line("stages").source()).isEqualTo(KnobReport.Source.PROFILE);
        assertThat(report.line("output.dir").source()).isEqualTo(KnobReport.Source.PROFILE);
        assertThat(report.line("rtt.ms").source()).as("-Drtt.ms replaced the profile's value")
                .isEqualTo(KnobReport.Source.COMMAND_LINE);
        assertThat(report.line("warmup.ms").source()).as("an argument that repeats the default")
                .isEqualTo(KnobReport.Source.DEFAULT);
        assertThat(report.line("repeats").source()).isEqualTo(KnobReport.Source.DEFAULT);
        assertThat(report.line(MAX_IN_FLIGHT)).isEqualTo(new KnobReport.Line(MAX_IN_FLIGHT, "1",
                KnobReport.Source.COMMAND_LINE, List.of("stage2-pipeline")));
    }

    @Test
    void withoutMavenEveryArgumentIsTheCommandLines() {
        KnobReport report = report(Map.of(), List.of("stages=stage2", "duration.ms=3000"));
        assertThat(report.line("stages").source()).isEqualTo(KnobReport.Source.COMMAND_LINE);
        assertThat(report.line("duration.ms").source()).isEqualTo(KnobReport.Source.COMMAND_LINE);
    }

    @Test
    void printsEachKeySetWithItsSourceThenTheDefaultsOnOneLine() {
        String text = report(Map.of(KnobReport.MAVEN_HOME, "/opt/maven", MAX_IN_FLIGHT, "1"),
                List.of("stages=stage2-pipeline")).toText();

        assertThat(text).contains("stages = stage2-pipeline", "profile\n",
                MAX_IN_FLIGHT + " = 1", "command line, for stage2-pipeline\n",
                "runner keys at their defaults: scenarios=100B-1p,100B-1p-rtt1,1KB-4p, repeats=1,",
                "other stage keys: each stage's defaults");
        assertThat(text).doesNotContain("stages=stage2-pipeline");
    }
}
