package dev.tenx.common.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tenx.common.process.LeakReports;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

/**
 * The leak check itself, on buffers leaked on purpose. Each test takes the reports it causes, so
 * the check that runs after this class finds none of them; a report that was not this test's
 * fails the test that takes it, with the report, rather than being lost.
 */
class NettyLeakCheckTest {

    private static final int BUFFER_BYTES = 16;

    @Test
    void aBufferNeverReleasedIsReportedWithWhereItWasAllocated() {
        allocateAndDrop();

        assertThat(NettyLeakCheck.collectLeaks()).singleElement().asString()
                .startsWith(LeakReports.MARKER)
                .contains(NettyLeakCheckTest.class.getName() + ".allocateAndDrop(");
    }

    @Test
    void theCheckFailsWithTheReport() {
        allocateAndDropElsewhere();

        AssertionError failure = catchThrowableOfType(AssertionError.class,
                () -> NettyLeakCheck.assertNoLeaks("theCheckFailsWithTheReport"));

        assertThat(failure).as("what the check throws after a leak").isNotNull();
        assertThat(failure.getMessage()).startsWith("1 Netty leak report(s) by the end of theCheckFailsWithTheReport")
                .contains(".allocateAndDropElsewhere(");
    }

    @Test
    void aBufferReleasedIsNotReported() {
        ByteBuf buffer = UnpooledByteBufAllocator.DEFAULT.directBuffer(BUFFER_BYTES);
        buffer.writeLong(1);
        buffer.release();

        assertThat(NettyLeakCheck.collectLeaks()).isEmpty();
    }

    /** A leak of its own per test: Netty reports a leak whose records it has reported before only once. */
    private static void allocateAndDrop() {
        UnpooledByteBufAllocator.DEFAULT.directBuffer(BUFFER_BYTES).writeLong(1);
    }

    private static void allocateAndDropElsewhere() {
        UnpooledByteBufAllocator.DEFAULT.directBuffer(BUFFER_BYTES).writeLong(2);
    }
}
