package dev.tenx.batching;

import static dev.tenx.batching.RecordAccumulatorTest.append;
import static dev.tenx.batching.RecordAccumulatorTest.causeOf;
import static dev.tenx.batching.RecordAccumulatorTest.record;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tenx.common.errors.BrokerException;
import dev.tenx.common.errors.DisconnectedException;
import dev.tenx.common.errors.TimeoutException;
import dev.tenx.common.spi.RecordMetadata;
import dev.tenx.common.testing.ManualClock;
import dev.tenx.common.wire.ErrorCode;
import dev.tenx.common.wire.JsonCodec;
import dev.tenx.common.wire.ProduceRequest;
import dev.tenx.common.wire.ProduceResponse;
import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Stage 1's sender, run by hand ({@code runOnce}) on the test's thread, over a fake channel that
 * records every request and answers as scripted, and a {@link ManualClock}: no I/O thread, no
 * socket, no sleep. It proves that a lone record waits {@code linger.ms} and no longer, then goes
 * as exactly one request whose answer completes its future with its offset; that when nothing is
 * ready {@code runOnce} says how long to wait; that a broker error, a timeout and a lost
 * connection fail the batch's records with the matching exception and the next batch is still
 * sent; and that only one request is ever on the wire.
 */
class SenderTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final long LINGER_MS = 5;
    private static final int BATCH_SIZE = 1_000;
    private static final int MAX_RECORDS = 1_000;
    private static final int RECORD_BYTES = 100;
    /** The offset the fake broker gives the first record it stores; not 0, so that offsets are not indexes. */
    private static final long FIRST_OFFSET = 42;

    private final ManualClock clock = new ManualClock(T0);
    private final RecordAccumulator accumulator = RecordAccumulatorTest.accumulator(BATCH_SIZE, MAX_RECORDS, LINGER_MS);
    private final FakeChannel channel = new FakeChannel();
    private final Sender sender = new Sender(accumulator, channel, clock);

    @Test
    public void aLoneRecordIsSentAsExactlyOneRequestWhenLingerEndsAndNotBefore() {
        CompletableFuture<RecordMetadata> future = append(accumulator, record(0), RECORD_BYTES, clock.millis());

        assertThat(sender.runOnce()).as("runOnce at the append: the wait left").isEqualTo(LINGER_MS);
        clock.advanceMs(LINGER_MS - 1);
        assertThat(sender.runOnce()).as("runOnce at linger.ms - 1: the wait left").isEqualTo(1);
        assertThat(channel.requests).as("requests before the linger ends").isEmpty();
        assertThat(future).as("the record's future before the linger ends").isNotDone();

        clock.advanceMs(1);
        assertThat(sender.runOnce()).as("runOnce that sent a batch: call again at once").isZero();

        assertThat(channel.requests).as("requests once the linger ended").hasSize(1);
        assertThat(channel.requests.get(0).records()).as("the request's records").containsExactly(record(0));
        assertThat(future.join().offset()).as("the record's offset, from the broker's answer").isEqualTo(FIRST_OFFSET);
        assertThat(sender.runOnce()).as("runOnce with nothing left: no deadline").isEqualTo(Long.MAX_VALUE);
        assertThat(channel.requests).as("requests after the batch was answered").hasSize(1);
    }

    @Test
    public void runOnceWithNothingBufferedSendsNothingAndHasNoDeadline() {
        assertThat(sender.runOnce()).as("runOnce on an empty accumulator").isEqualTo(Long.MAX_VALUE);
        assertThat(channel.requests).as("requests").isEmpty();
    }

    @Test
    public void aBatchGoesAsOneRequestAndEachRecordGetsItsOwnOffsetInSendOrder() {
        int perBatch = BATCH_SIZE / RECORD_BYTES;
        int total = perBatch + 1;
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            futures.add(append(accumulator, record(i), RECORD_BYTES, clock.millis()));
        }

        assertThat(sender.runOnce()).as("runOnce with a full batch ready").isZero();
        assertThat(channel.requests).as("requests after one runOnce: one batch per call").hasSize(1);
        assertThat(channel.requests.get(0).records()).as("the full batch's request").hasSize(perBatch);
        clock.advanceMs(LINGER_MS);
        sender.runOnce();

        assertThat(channel.requests).as("requests: one per batch").hasSize(2);
        assertThat(channel.requests.get(1).records()).as("the second request").containsExactly(record(perBatch));
        for (int i = 0; i < total; i++) {
            assertThat(futures.get(i).join().offset()).as("offset of record %d", i).isEqualTo(FIRST_OFFSET + i);
        }
        assertThat(accumulator.bufferedBytes()).as("bufferedBytes once every batch is answered").isZero();
        assertThat(accumulator.bufferedRecords()).as("bufferedRecords once every batch is answered").isZero();
    }

    @Test
    public void aBrokerErrorFailsTheBatchWithItsCodeAndTheNextBatchIsStillSent() {
        channel.script.add(request -> ProduceResponse.error(ErrorCode.STORAGE_ERROR, "disk full"));
        CompletableFuture<RecordMetadata> refused = append(accumulator, record(0), RECORD_BYTES, clock.millis());
        CompletableFuture<RecordMetadata> alsoRefused = append(accumulator, record(1), RECORD_BYTES, clock.millis());
        clock.advanceMs(LINGER_MS);
        sender.runOnce();

        for (CompletableFuture<RecordMetadata> future : List.of(refused, alsoRefused)) {
            Throwable cause = causeOf(future);
            assertThat(cause).as("failure of a record the broker refused").isInstanceOf(BrokerException.class)
                    .hasMessageContaining("disk full");
            assertThat(((BrokerException) cause).errorCode()).as("the error code it carries")
                    .isEqualTo(ErrorCode.STORAGE_ERROR);
        }
        assertThat(accumulator.bufferedRecords()).as("bufferedRecords after the batch failed").isZero();

        assertNextBatchIsStillSent();
    }

    static Stream<RuntimeException> channelFailures() {
        return Stream.of(new TimeoutException("no response within request.timeout.ms=30000"),
                new DisconnectedException("connection closed by the broker"));
    }

    @ParameterizedTest
    @MethodSource("channelFailures")
    public void aTimeoutOrALostConnectionFailsTheBatchWithThatExceptionAndTheNextBatchIsStillSent(RuntimeException failure) {
        channel.script.add(request -> {
            throw failure;
        });
        CompletableFuture<RecordMetadata> lost = append(accumulator, record(0), RECORD_BYTES, clock.millis());
        CompletableFuture<RecordMetadata> alsoLost = append(accumulator, record(1), RECORD_BYTES, clock.millis());
        clock.advanceMs(LINGER_MS);

        assertThat(sender.runOnce()).as("runOnce whose request failed: call again at once").isZero();

        assertThat(causeOf(lost)).as("failure of a record whose request got no answer").isSameAs(failure);
        assertThat(causeOf(alsoLost)).as("failure of the other record of that request").isSameAs(failure);
        assertThat(accumulator.bufferedRecords()).as("bufferedRecords after the batch failed").isZero();

        assertNextBatchIsStillSent();
    }

    private void assertNextBatchIsStillSent() {
        CompletableFuture<RecordMetadata> next = append(accumulator, record(2), RECORD_BYTES, clock.millis());
        clock.advanceMs(LINGER_MS);
        sender.runOnce();

        assertThat(channel.requests).as("requests: the failed one, then the next").hasSize(2);
        assertThat(channel.requests.get(1).records()).as("the next request").containsExactly(record(2));
        assertThat(next).as("the next record's future").isCompleted();
    }

    @Test
    public void exactlyOneRequestIsInFlightDuringTheChannelCallAndNoneOutsideIt() {
        List<Integer> inFlightDuringCalls = new ArrayList<>();
        channel.onEveryCall = () -> inFlightDuringCalls.add(sender.inFlightRequests());
        for (int i = 0; i < 3; i++) {
            append(accumulator, record(i), BATCH_SIZE, clock.millis()); // each fills a batch on its own
        }

        assertThat(sender.inFlightRequests()).as("inFlightRequests before any send").isZero();
        for (int i = 0; i < 3; i++) {
            sender.runOnce();
            assertThat(sender.inFlightRequests()).as("inFlightRequests after runOnce %d returned", i).isZero();
        }

        assertThat(inFlightDuringCalls).as("inFlightRequests seen from inside each channel call").containsExactly(1, 1, 1);
    }

    @Test
    public void inFlightRequestsIsBackToZeroAfterAFailedRequest() {
        channel.script.add(request -> {
            throw new DisconnectedException("gone");
        });
        append(accumulator, record(0), BATCH_SIZE, clock.millis());

        sender.runOnce();

        assertThat(sender.inFlightRequests()).as("inFlightRequests after the channel threw").isZero();
    }

    @Test
    public void theSenderIsAlwaysIdleBetweenCallsAndClosingItClosesTheChannel() {
        append(accumulator, record(0), RECORD_BYTES, clock.millis());
        assertThat(sender.isIdle()).as("isIdle: a batch waits, none is in flight").isTrue();

        sender.close();

        assertThat(channel.closed).as("the channel, after the sender closed").isTrue();
    }

    /**
     * A broker that answers in the calling thread: it decodes each request body as the broker
     * would, and by default stores every batch densely from {@link #FIRST_OFFSET}; a scripted
     * answer, if queued, replaces the next default one.
     */
    private static final class FakeChannel implements ProduceChannel {

        final List<ProduceRequest> requests = new ArrayList<>();
        final Queue<Function<ProduceRequest, ProduceResponse>> script = new ArrayDeque<>();
        Runnable onEveryCall = () -> { };
        boolean closed;
        private long nextOffset = FIRST_OFFSET;

        @Override
        public ProduceResponse produce(ByteBuf body) {
            ProduceRequest request = JsonCodec.INSTANCE.decode(ProduceRequest.class, body.duplicate());
            requests.add(request);
            onEveryCall.run();
            Function<ProduceRequest, ProduceResponse> scripted = script.poll();
            if (scripted != null) {
                return scripted.apply(request);
            }
            long baseOffset = nextOffset;
            nextOffset += request.records().size();
            return ProduceResponse.ok(baseOffset);
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
