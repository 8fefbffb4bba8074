package dev.tenx.workshop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tenx.workshop.profile.Category;
import dev.tenx.workshop.profile.StageProfile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The profile of one short real run of stage 0 and stage 2 in one scenario, read back from
 * results.json: where each stage's time goes must show what the stage does.
 *
 * <p>Only shares of the busy time (waiting left out) and orderings between them are asserted,
 * never a figure: waiting is idle event loops and idle consumers, and how much of it there is
 * depends on how busy the machine is. Stage 0 forces every record, so its broker's busy time in the
 * produce window is mostly fsync or file writes. Stage 2 still speaks JSON, and it fetches many
 * records per request where stage 0 fetches one: in the replay window its consumer's busy time is
 * mostly decoding JSON, stage 0's mostly a round trip per record, so encode/decode is the larger
 * share of stage 2's (workshop/results/profile-all-stages.md, client, 1KB-4p: 10.2 of 13.4 busy us
 * per record read, against 12.1 of 82.0 in stage 0). The consumer is the side that shows it
 * beyond noise. On the broker the two replay shares can be close (the same file at 100B-1p: 0.395
 * of 3.25 busy us in stage 2, 2.23 of 20.5 in stage 0), too close for an ordering to hold on a
 * noisy machine with the few Java samples a short window gets; in the produce window both brokers
 * are busiest writing and forcing, the JSON a few percent in both.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ProfileEndToEndTest {

    private static final Path OUTPUT = Path.of("target", "e2e-profile");
    private static final String STAGE0 = "stage0-naive";
    private static final String STAGE2 = "stage2-pipeline";

    private static JsonNode results;

    /**
     * Two stage runs of about 4 s of load each, with their JVM starts and the reading of four
     * recordings: some 30 s on a loaded machine. The replay window is the longer one because the
     * comparison rests on it, and a Java sample is rare (see ProfileReader): a 2 s replay gives each
     * consumer a few tens of them.
     */
    @BeforeAll
    @Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    static void runStages0And2() throws Exception {
        results = RecordedRun.of(List.of("stages=stage0,stage2", "scenarios=1KB-4p", "peers=false", "profile=true",
                "warmup.ms=300", "duration.ms=1000", "latency.ms=0", "replay.ms=2000"), OUTPUT).results();
    }

    @Test
    void stage0sBrokerSpendsMostOfItsBusyTimeInFsyncOrFileWrites() {
        assertThat(largestBusyCategory(profile(STAGE0, StageProfile.BROKER, "produce")))
                .isIn(Category.FSYNC.label(), Category.FILE_IO.label());
    }

    @Test
    void encodeDecodeIsALargerShareOfStage2sConsumerThanOfStage0s() {
        String encodeDecode = Category.ENCODE_DECODE.label();
        double stage0 = busyShare(profile(STAGE0, StageProfile.CLIENT, "replay"), encodeDecode);
        double stage2 = busyShare(profile(STAGE2, StageProfile.CLIENT, "replay"), encodeDecode);
        assertThat(stage2).as("stage 2's encode/decode share of busy time in replay, against stage 0's %s", stage0)
                .isGreaterThan(stage0);
    }

    @Test
    void everyProfilesSharesSumToOne() {
        List<JsonNode> profiles = new ArrayList<>();
        results.get("stages").forEach(stage -> stage.get("profile").get("profiles").forEach(profiles::add));
        assertThat(profiles).as("broker and client, produce and replay, two stages").hasSize(8);
        for (JsonNode p : profiles) {
            double sum = 0;
            for (JsonNode share : p.get("shares")) {
                sum += share.asDouble();
            }
            assertThat(sum).as(p.get("process").asText() + " " + p.get("phase").asText()).isCloseTo(1.0, offset(1e-9));
        }
    }

    private static JsonNode profile(String stage, String process, String phase) {
        for (JsonNode s : results.get("stages")) {
            if (s.get("stage").asText().equals(stage)) {
                for (JsonNode p : s.get("profile").get("profiles")) {
                    if (p.get("process").asText().equals(process) && p.get("phase").asText().equals(phase)) {
                        return p;
                    }
                }
            }
        }
        throw new AssertionError("no profile for stage=" + stage + " process=" + process + " phase=" + phase);
    }

    private static double busyShare(JsonNode profile, String category) {
        double busy = 1 - profile.get("shares").get(Category.WAITING.label()).asDouble();
        assertThat(busy).as("busy share").isPositive();
        return profile.get("shares").get(category).asDouble() / busy;
    }

    private static String largestBusyCategory(JsonNode profile) {
        String largest = null;
        double share = -1;
        for (Category c : Category.values()) {
            double s = profile.get("shares").get(c.label()).asDouble();
            if (c != Category.WAITING && s > share) {
                largest = c.label();
                share = s;
            }
        }
        return largest;
    }
}
