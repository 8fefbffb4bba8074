package dev.tenx.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenx.common.config.ProducerConfig;
import dev.tenx.common.errors.DisconnectedException;
import dev.tenx.common.errors.RecordTooLargeException;
import dev.tenx.common.spi.ProducerMetrics;
import dev.tenx.common.spi.RecordMetadata;
import dev.tenx.common.testing.ManualClock;
import dev.tenx.common.wire.FrameDescriptor;
import dev.tenx.common.wire.JsonCodec;
import dev.tenx.common.wire.LogRecord;
import dev.tenx.common.wire.MessageCodec;
import dev.tenx.common.wire.ProduceRequest;
import dev.tenx.common.wire.ProduceResponse;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The batching producer end to end, with its real I/O thread and {@link Sender}, over a fake
 * channel that records each request and answers at once, and a {@link ManualClock} that only
 * the test moves. It proves that {@code send} returns an incomplete future at once and leaves the
 * record lingering; that a record which cannot fit in {@code max.request.size} fails at once and
 * is never sent, and that batches are capped so every request fits; that {@code flush} sends a
 * lingering record and returns once it is acknowledged; that {@code close} sends what lingers,
 * then closes the channel, once, from the I/O thread; that a send after close fails at once;
 * that {@code flush} from a send callback (on the I/O thread) fails fast instead of waiting for
 * itself, and {@code close} from one only starts the close; that {@code metrics} reports what is
 * buffered; that records carry wall time; and that a dead I/O thread fails the records instead of
 * leaving them waiting.
 *
 * <p>No sleep: while the clock stands still a lingering record stays put, and "not sent" is
 * asserted only once the I/O thread has been seen to look at it; "sent" is awaited by joining a
 * future, by {@code flush}/{@code close}, or by a latch with a bound. The class timeout only
 * turns a hang into a failure.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BatchingProducerTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final long LINGER_MS = 5;
    private static final long FIRST_OFFSET = 100;
    private static final MessageCodec CODEC = JsonCodec.INSTANCE;
    private static final BatchRecords.Factory RECORDS = LogRecordList.encodedAtSendBy(CODEC);
    private static final byte[] NO_KEY = new byte[0];
    /** A multiple of 3, so that one more byte makes its base64 form 4 characters longer. */
    private static final int VALUE_BYTES = 300;

    /** The producer's I/O thread, by name: where send futures complete and callbacks run. */
    private static final String IO_THREAD = "tenx-producer-io";
    /** Bound of a wait for something the I/O thread does; a hang, not a timing, is what it guards. */
    private static final long WAIT_S = 10;

    private final ManualClock clock = new ManualClock(T0);
    private final FakeChannel channel = new FakeChannel();
    private BatchingProducer producer;
    private RunCountingSender countingSender;
    private boolean closedByTest;

    @AfterEach
    void closeProducer() {
        if (producer != null && !closedByTest) {
            producer.close();
        }
    }

    @Test
    public void sendReturnsAnIncompleteFutureAtOnceAndTheRecordLingersWhileTheClockStandsStill()
            throws InterruptedException {
        producer = new BatchingProducer(config(Map.of()), CODEC, clock, RECORDS,
                accumulator -> countingSender = new RunCountingSender(new Sender(accumulator, channel, clock)));

        CompletableFuture<RecordMetadata> future = producer.send(NO_KEY, value(0, VALUE_BYTES));
        assertThat(future).as("the future send returned").isNotDone();

        // The second run to end from here began after the first one ended, so after the send: the
        // I/O thread has looked at the lingering record at least once with the clock at T0.
        CountDownLatch twoRuns = countingSender.countRunsEndingFromNow(2);
        assertThat(twoRuns.await(WAIT_S, TimeUnit.SECONDS))
                .as("the I/O thread ran twice after the send (it looks again when the linger it was told to wait "
                        + "for has passed in real time, and the manual clock says it has not)").isTrue();

        assertThat(channel.requests).as("requests while the record lingers, the clock standing still").isEmpty();
        assertThat(future).as("the record's future while it lingers").isNotDone();
    }

    @Test
    public void onceTheClockPassesLingerTheIoThreadSendsTheRecordWithoutAFlush() {
        producer = producer(Map.of());
        CompletableFuture<RecordMetadata> future = producer.send(NO_KEY, value(0, VALUE_BYTES));

        clock.advanceMs(LINGER_MS);

        assertThat(future.join().offset()).as("offset of the record, sent when its linger ended").isEqualTo(FIRST_OFFSET);
        assertThat(channel.requests).as("requests").hasSize(1);
    }

    @Test
    public void flushSendsALingeringRecordAndReturnsOnceItIsAcknowledged() {
        producer = producer(Map.of());
        CompletableFuture<RecordMetadata> first = producer.send(NO_KEY, value(0, VALUE_BYTES));
        CompletableFuture<RecordMetadata> second = producer.send(NO_KEY, value(1, VALUE_BYTES));

        producer.flush();

        assertThat(first).as("the first record's future when flush returns").isCompleted();
        assertThat(second).as("the second record's future when flush returns").isCompleted();
        assertThat(first.join().offset()).as("the first record's offset").isEqualTo(FIRST_OFFSET);
        assertThat(second.join().offset()).as("the second record's offset").isEqualTo(FIRST_OFFSET + 1);
        assertThat(channel.requests).as("requests: both records in one batch").hasSize(1);
        assertThat(channel.requests.get(0).records()).as("the request's records, in send order")
                .extracting(LogRecord::value).containsExactly(value(0, VALUE_BYTES), value(1, VALUE_BYTES));
    }

    @Test
    public void aRecordIsStampedWithWallTimeNotWithTheProducersClock() {
        producer = producer(Map.of());

        long before = System.currentTimeMillis();
        producer.send(NO_KEY, value(0, VALUE_BYTES));
        long after = System.currentTimeMillis();
        producer.flush();

        // The clock drives linger and timeouts only: a monotonic clock, which starts at wall time
        // and then drifts from it, must not leak into what consumers read as the record's time.
        assertThat(channel.requests.get(0).records().get(0).timestampMs())
                .as("the record's timestamp, read from the wall clock at send (the manual clock says %d)", T0)
                .isBetween(before, after);
    }

    @Test
    public void closeSendsWhatLingersThenClosesTheChannel() {
        producer = producer(Map.of());
        CompletableFuture<RecordMetadata> future = producer.send(NO_KEY, value(0, VALUE_BYTES));

        closedByTest = true;
        producer.close();

        assertThat(future).as("the lingering record's future after close").isCompleted();
        assertThat(channel.events).as("what the channel saw, in order").containsExactly("produce 1 record(s)", "close");
        assertThat(producer.metrics()).as("metrics after close")
                .containsEntry(ProducerMetrics.BUFFERED_BYTES, 0L)
                .containsEntry(ProducerMetrics.BUFFERED_RECORDS, 0L);
        assertThatThrownBy(producer.send(NO_KEY, value(1, VALUE_BYTES))::join)
                .as("the future of a send after close, already failed")
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(DisconnectedException.class).hasMessageContaining("closed");
        assertThat(channel.requests).as("requests: the record sent after close never goes").hasSize(1);
    }

    @Test
    public void flushFromASendCallbackFailsFastAndTheProducerKeepsWorking() throws InterruptedException {
        producer = producer(Map.of());
        AtomicReference<Throwable> flushFailure = new AtomicReference<>();
        AtomicReference<String> callbackThread = new AtomicReference<>();
        CountDownLatch callbackDone = new CountDownLatch(1);
        CompletableFuture<RecordMetadata> first = producer.send(NO_KEY, value(0, VALUE_BYTES));
        // attached while the record lingers, so it runs on the thread that completes the future: the I/O thread
        first.whenComplete((metadata, error) -> {
            callbackThread.set(Thread.currentThread().getName());
            try {
                producer.flush();
            } catch (Throwable t) {
                flushFailure.set(t);
            } finally {
                callbackDone.countDown();
            }
        });

        clock.advanceMs(LINGER_MS);

        assertThat(callbackDone.await(WAIT_S, TimeUnit.SECONDS)).as("the callback returned").isTrue();
        assertThat(callbackThread.get()).as("the thread the callback ran on").isEqualTo(IO_THREAD);
        assertThat(flushFailure.get()).as("what flush() threw inside the callback, instead of waiting for itself")
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("I/O thread");
        assertThat(first.join().offset()).as("the first record, acknowledged all the same").isEqualTo(FIRST_OFFSET);

        CompletableFuture<RecordMetadata> second = producer.send(NO_KEY, value(1, VALUE_BYTES));
        producer.flush();
        assertThat(second).as("a record sent after, flushed from the test thread").isCompleted();
        assertThat(second.join().offset()).as("its offset").isEqualTo(FIRST_OFFSET + 1);

        closedByTest = true;
        producer.close();
        assertThat(channel.events).as("what the channel saw, in order")
                .containsExactly("produce 1 record(s)", "produce 1 record(s)", "close");
    }

    @Test
    public void closeFromASendCallbackOnlyStartsTheCloseAndTheIoThreadClosesTheChannelOnce()
            throws InterruptedException {
        producer = producer(Map.of());
        closedByTest = true; // should the close in the callback hang, the I/O thread is gone: do not join it again
        CountDownLatch closeReturned = new CountDownLatch(1);
        CompletableFuture<RecordMetadata> first = producer.send(NO_KEY, value(0, VALUE_BYTES));
        CompletableFuture<RecordMetadata> second = producer.send(NO_KEY, value(1, VALUE_BYTES));
        // attached while the records linger, so it runs on the I/O thread
        first.whenComplete((metadata, error) -> {
            producer.close(); // on the I/O thread: must not join itself
            closeReturned.countDown();
        });

        clock.advanceMs(LINGER_MS);

        assertThat(closeReturned.await(WAIT_S, TimeUnit.SECONDS))
                .as("close() called from a send callback returned (it would hang joining its own thread)").isTrue();
        producer.close(); // from the test thread: waits for the I/O thread, which ends by itself
        assertThat(first.join().offset()).as("the record whose callback closed the producer").isEqualTo(FIRST_OFFSET);
        assertThat(second.join().offset()).as("the record in the same batch").isEqualTo(FIRST_OFFSET + 1);
        assertThat(channel.events).as("what the channel saw: the batch, then one close, by the I/O thread")
                .containsExactly("produce 2 record(s)", "close");
        assertThat(channel.closedBy).as("threads that closed the channel").containsExactly(IO_THREAD);
        assertThat(producer.send(NO_KEY, value(2, VALUE_BYTES))).as("a send after the close from the callback")
                .isCompletedExceptionally();
    }

    @Test
    public void aRecordThatCannotFitInMaxRequestSizeFailsAtOnceAndIsNeverSent() {
        int maxRequestSize = FrameDescriptor.frameLength(
                CODEC.produceRequestOverheadUpperBound() + CODEC.recordSizeUpperBound(0, VALUE_BYTES));
        producer = producer(Map.of(ProducerConfig.MAX_REQUEST_SIZE, maxRequestSize));

        CompletableFuture<RecordMetadata> fits = producer.send(NO_KEY, value(0, VALUE_BYTES));
        CompletableFuture<RecordMetadata> tooLarge = producer.send(NO_KEY, value(1, VALUE_BYTES + 1));

        assertThat(fits).as("a record whose request is exactly max.request.size").isNotCompletedExceptionally();
        assertThat(tooLarge).as("a record one byte larger").isCompletedExceptionally();
        assertThatThrownBy(tooLarge::join).as("its failure").isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(RecordTooLargeException.class)
                .hasMessageContaining("max.request.size=" + maxRequestSize);

        producer.flush();
        assertThat(fits.join().offset()).as("offset of the record that fits").isEqualTo(FIRST_OFFSET);
        assertThat(channel.requests).as("requests").hasSize(1);
        assertThat(channel.requests.get(0).records()).as("the records sent: the one that fits")
                .extracting(LogRecord::value).containsExactly(value(0, VALUE_BYTES));
    }

    @Test
    public void batchSizeIsCappedAtWhatFitsInOneRequestOfMaxRequestSize() {
        int maxRequestSize = 4 * 1024;
        int roomForRecords = maxRequestSize - FrameDescriptor.frameLength(CODEC.produceRequestOverheadUpperBound());

        assertThat(BatchingProducer.batchLimitBytes(config(Map.of(ProducerConfig.MAX_REQUEST_SIZE, maxRequestSize,
                BatchingProducerConfig.BATCH_SIZE, 1024 * 1024)), CODEC))
                .as("batch.size above what max.request.size leaves for records").isEqualTo(roomForRecords);
        assertThat(BatchingProducer.batchLimitBytes(config(Map.of(ProducerConfig.MAX_REQUEST_SIZE, maxRequestSize,
                BatchingProducerConfig.BATCH_SIZE, roomForRecords - 1)), CODEC))
                .as("batch.size below it").isEqualTo(roomForRecords - 1);
    }

    @Test
    public void everyRequestFitsInMaxRequestSizeEvenWhenBatchSizeIsLarger() {
        int maxRequestSize = 4 * 1024;
        int records = 60;
        producer = producer(Map.of(ProducerConfig.MAX_REQUEST_SIZE, maxRequestSize,
                BatchingProducerConfig.BATCH_SIZE, 1024 * 1024));
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            values.add(value(i, VALUE_BYTES));
            producer.send(NO_KEY, values.get(i));
        }

        producer.flush();

        assertThat(channel.requests).as("requests for %d records of %d B", records, VALUE_BYTES).hasSizeGreaterThan(1);
        for (int i = 0; i < channel.requests.size(); i++) {
            assertThat(FrameDescriptor.frameLength(channel.bodyBytes.get(i)))
                    .as("the encoded frame of a request of %d records", channel.requests.get(i).records().size())
                    .isLessThanOrEqualTo(maxRequestSize);
        }
        assertThat(channel.requests.stream().flatMap(request -> request.records().stream()).map(LogRecord::value))
                .as("every record, once, in send order").containsExactlyElementsOf(values);
    }

    @Test
    public void metricsReportWhatIsBufferedAndTheRequestInFlight() {
        producer = producer(Map.of());
        int recordBytes = CODEC.recordSizeUpperBound(NO_KEY.length, VALUE_BYTES);
        int records = 3;
        for (int i = 0; i < records; i++) {
            producer.send(NO_KEY, value(i, VALUE_BYTES));
        }

        assertThat(producer.metrics()).as("metrics while %d records linger", records)
                .containsEntry(ProducerMetrics.BUFFERED_BYTES, (long) records * recordBytes)
                .containsEntry(ProducerMetrics.BUFFERED_RECORDS, (long) records)
                .containsEntry(ProducerMetrics.IN_FLIGHT_REQUESTS, 0L);

        List<Map<String, Long>> seenDuringTheCall = new CopyOnWriteArrayList<>();
        channel.onEveryCall = () -> seenDuringTheCall.add(producer.metrics());
        producer.flush();

        assertThat(seenDuringTheCall).as("metrics read from inside the channel call").singleElement()
                .satisfies(metrics -> assertThat(metrics).as("metrics during the request")
                        .containsEntry(ProducerMetrics.IN_FLIGHT_REQUESTS, 1L)
                        .containsEntry(ProducerMetrics.BUFFERED_RECORDS, (long) records));
    }

    @Test
    public void anIoThreadThatDiesFailsTheBufferedRecordsAndFlushStillReturns() throws InterruptedException {
        CountDownLatch senderClosed = new CountDownLatch(1);
        producer = new BatchingProducer(config(Map.of()), CODEC, clock, RECORDS, accumulator -> new BatchSender() {
            @Override
            public long runOnce() {
                if (accumulator.bufferedRecords() > 0) {
                    throw new IllegalStateException("a bug in the sender");
                }
                return Long.MAX_VALUE;
            }

            @Override
            public boolean isIdle() {
                return true;
            }

            @Override
            public int inFlightRequests() {
                return 0;
            }

            @Override
            public void close() {
                senderClosed.countDown();
            }
        });

        CompletableFuture<RecordMetadata> future = producer.send(NO_KEY, value(0, VALUE_BYTES));

        assertThatThrownBy(future::join).as("the record's future once the I/O thread died")
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(DisconnectedException.class).hasMessageContaining("I/O thread failed");
        producer.flush(); // returns: nothing incomplete is left to wait for
        assertThatThrownBy(producer.send(NO_KEY, value(1, VALUE_BYTES))::join)
                .as("the future of a send once the I/O thread died, already failed")
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(DisconnectedException.class)
                .hasMessageContaining("I/O thread failed")
                .hasRootCauseMessage("a bug in the sender");
        assertThat(senderClosed.await(WAIT_S, TimeUnit.SECONDS))
                .as("the sender, closed by the dying I/O thread as its last act").isTrue();
    }

    // ---- helpers ----

    private BatchingProducer producer(Map<String, Object> overrides) {
        return new BatchingProducer(config(overrides), CODEC, clock, RECORDS,
                accumulator -> new Sender(accumulator, channel, clock));
    }

    private static BatchingProducerConfig config(Map<String, Object> overrides) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS, "localhost:9092"); // never dialled: the channel is fake
        props.put(BatchingProducerConfig.LINGER_MS, LINGER_MS);
        props.putAll(overrides);
        return new BatchingProducerConfig(props);
    }

    /** {@code length} bytes that start with {@code i}, so that records are told apart. */
    private static byte[] value(int i, int length) {
        byte[] value = new byte[length];
        byte[] tag = ("value-" + i + "-").getBytes(StandardCharsets.UTF_8);
        System.arraycopy(tag, 0, value, 0, Math.min(tag.length, length));
        return value;
    }

    /**
     * A broker answering on the producer's I/O thread: it decodes each request body as the broker
     * would and stores every batch densely from {@link #FIRST_OFFSET}. Thread-safe: the I/O
     * thread writes, the test reads.
     */
    private static final class FakeChannel implements ProduceChannel {

        final List<ProduceRequest> requests = new CopyOnWriteArrayList<>();
        /** The size of each request's body as sent, in the order of {@link #requests}. */
        final List<Integer> bodyBytes = new CopyOnWriteArrayList<>();
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<String> closedBy = new CopyOnWriteArrayList<>();
        volatile Runnable onEveryCall = () -> { };
        private final AtomicLong nextOffset = new AtomicLong(FIRST_OFFSET);

        @Override
        public ProduceResponse produce(ByteBuf body) {
            ProduceRequest request = CODEC.decode(ProduceRequest.class, body.duplicate());
            bodyBytes.add(body.readableBytes());
            requests.add(request);
            events.add("produce " + request.records().size() + " record(s)");
            onEveryCall.run();
            return ProduceResponse.ok(nextOffset.getAndAdd(request.records().size()));
        }

        @Override
        public void close() {
            events.add("close");
            closedBy.add(Thread.currentThread().getName());
        }
    }

    /** A sender that counts the I/O thread's calls to {@link #runOnce}, for a test to wait until it has looked. */
    private static final class RunCountingSender implements BatchSender {

        private final BatchSender delegate;
        private volatile CountDownLatch runs = new CountDownLatch(0);

        RunCountingSender(BatchSender delegate) {
            this.delegate = delegate;
        }

        /** A latch counted down by each of the next {@code count} calls to {@code runOnce} to end. */
        CountDownLatch countRunsEndingFromNow(int count) {
            CountDownLatch latch = new CountDownLatch(count);
            runs = latch;
            return latch;
        }

        @Override
        public long runOnce() {
            try {
                return delegate.runOnce();
            } finally {
                runs.countDown();
            }
        }

        @Override
        public boolean isIdle() {
            return delegate.isIdle();
        }

        @Override
        public int inFlightRequests() {
            return delegate.inFlightRequests();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
