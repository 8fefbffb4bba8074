package dev.tenx.naive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenx.common.errors.DisconnectedException;
import dev.tenx.common.wire.ApiKey;
import dev.tenx.common.wire.Encoding;
import dev.tenx.common.wire.Frame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * What {@link NaiveConnection#giveUp} does with each way its race with the event loop can end.
 * The orders are set up one by one instead of raced, so each test sees the same order every run.
 */
class NaiveConnectionGiveUpTest {

    private static final int CORRELATION_ID = 7;
    private static final byte[] BODY = {'{', '}'};

    private final DisconnectedException timedOut = new DisconnectedException("request abandoned: test");

    @Test
    void aResponseThatArrivedAsTheWaitEndedIsReleased() {
        Frame frame = frame();
        CompletableFuture<Frame> response = new CompletableFuture<>();
        response.complete(frame);

        NaiveConnection.giveUp(response, timedOut);

        assertThat(frame.body().refCnt()).as("references left on the body of a response nobody will read").isZero();
    }

    @Test
    void aRequestStillWaitingFailsSoThatALateResponseCannotTakeIt() {
        CompletableFuture<Frame> response = new CompletableFuture<>();

        NaiveConnection.giveUp(response, timedOut);
        Frame late = frame();
        boolean taken = response.complete(late);

        assertThat(response).isCompletedExceptionally();
        assertThat(taken).as("whether a response after giving up can still complete the request").isFalse();
        late.release(); // as the event loop does with a response it could not hand over
    }

    @Test
    void aRequestAlreadyFailedIsLeftAsItIs() {
        DisconnectedException closed = new DisconnectedException("connection closed");
        CompletableFuture<Frame> response = new CompletableFuture<>();
        response.completeExceptionally(closed);

        NaiveConnection.giveUp(response, timedOut);

        assertThat(response).isCompletedExceptionally();
        assertThat(response.handle((frame, failure) -> failure)).isCompletedWithValue(closed);
    }

    private static Frame frame() {
        ByteBuf body = Unpooled.copiedBuffer(BODY);
        return new Frame(Encoding.JSON.id(), ApiKey.PRODUCE.id(), CORRELATION_ID, body);
    }
}
