package dev.tenx.workshop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcIoTest {

    /** As /proc/<pid>/io prints it on Linux 6.x. */
    private static final String SAMPLE = """
            rchar: 6148592
            wchar: 184045
            syscr: 4504
            syscw: 3257
            read_bytes: 0
            write_bytes: 13340672
            cancelled_write_bytes: 0
            """;

    @Test
    void parsesTheFourFieldsItUses() {
        assertThat(ProcIo.parse(SAMPLE)).isEqualTo(new ProcIo(6_148_592, 184_045, 4_504, 3_257));
    }

    @Test
    void deltaAndSyscalls() {
        ProcIo before = ProcIo.parse(SAMPLE);
        ProcIo after = new ProcIo(6_515_416, 479_998, 5_913, 8_452);
        ProcIo delta = after.minus(before);
        assertThat(delta).isEqualTo(new ProcIo(366_824, 295_953, 1_409, 5_195));
        assertThat(delta.syscalls()).isEqualTo(6_604);
    }

    @Test
    void missingFieldFailsNamingIt() {
        assertThatThrownBy(() -> ProcIo.parse("rchar: 1\nwchar: 2\nsyscr: 3\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("syscw");
    }

    @Test
    void readsThisProcess() {
        ProcIo self = ProcIo.ofSelf();
        assertThat(self.syscr()).isPositive();
        assertThat(self.rchar()).isPositive();
    }

    @Test
    void withoutProcEveryReadingIsUnavailableAndSoIsEveryDelta() {
        ProcIo reading = ProcIo.parse(SAMPLE);
        assertThat(reading.available()).isTrue();
        assertThat(ProcIo.UNAVAILABLE.minus(reading).available()).isFalse();
        assertThat(reading.minus(ProcIo.UNAVAILABLE).available()).isFalse();
        assertThat(ProcIo.onThisSystem()).as("this project's machines run Linux").isTrue();
    }
}
