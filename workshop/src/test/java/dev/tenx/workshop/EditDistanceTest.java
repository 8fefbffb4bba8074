package dev.tenx.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EditDistanceTest {

    @Test
    void countsInsertionsDeletionsAndSubstitutions() {
        assertThat(EditDistance.between("record.size", "record.size")).isZero();
        assertThat(EditDistance.between("record.sise", "record.size")).isEqualTo(1);
        assertThat(EditDistance.between("recrod.size", "record.size")).isEqualTo(2);
        assertThat(EditDistance.between("producer", "producers")).isEqualTo(1);
        assertThat(EditDistance.between("", "abc")).isEqualTo(3);
        assertThat(EditDistance.between("kitten", "sitting")).isEqualTo(3);
    }

    @Test
    void closestIsTheNearestWithinTheLimitOrNone() {
        List<String> keys = List.of("duration.ms", "warmup.ms", "record.size");
        assertThat(EditDistance.closest("duration.m", keys, 2)).hasValue("duration.ms");
        assertThat(EditDistance.closest("java.home", keys, 2)).isEmpty();
        assertThat(EditDistance.closest("warmup.msec", keys, 2)).hasValue("warmup.ms");
    }
}
