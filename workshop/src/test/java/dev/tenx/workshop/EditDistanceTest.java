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

    @Test
    void nearestPrefersAKeyTheWordAbbreviates() {
        List<String> keys = List.of("max.unacked.bytes", "max.request.size", "max.in.flight.requests.per.connection");
        assertThat(EditDistance.nearest("max.inflight", keys)).hasValue("max.in.flight.requests.per.connection");
        assertThat(EditDistance.nearest("max.request.sise", keys)).hasValue("max.request.size");
        assertThat(EditDistance.nearest("anything", List.of())).isEmpty();
    }

    @Test
    void toNearestPrefixCountsEditsToTheBestPrefix() {
        assertThat(EditDistance.toNearestPrefix("maxinflight", "maxinflightrequests")).isZero();
        assertThat(EditDistance.toNearestPrefix("maxinflihgt", "maxinflightrequests")).isEqualTo(2);
        assertThat(EditDistance.toNearestPrefix("abc", "")).isEqualTo(3);
        assertThat(EditDistance.toNearestPrefix("", "abc")).isZero();
    }
}
