package dev.tenx.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void aPhaseShowsItsElapsedOfPlannedTime() {
        assertThat(Progress.line("[1/3] 100B-1p stage0-naive replay", TimeUnit.MILLISECONDS.toNanos(1_200), 3_000))
                .isEqualTo("[1/3] 100B-1p stage0-naive replay   1.2/3.0 s");
    }

    @Test
    void aPhaseNeverShowsPastItsOwnLength() {
        assertThat(Progress.line("replay", TimeUnit.MILLISECONDS.toNanos(3_300), 3_000))
                .as("replay 3.3/3.0 s was what a participant saw").isEqualTo("replay   3.0/3.0 s, ending");
    }

    @Test
    void aPhaseOfUnknownLengthShowsItsElapsedTime() {
        assertThat(Progress.line("client JVM start", TimeUnit.MILLISECONDS.toNanos(1_500), 0))
                .isEqualTo("client JVM start   1.5 s");
    }
}
