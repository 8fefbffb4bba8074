package dev.tenx.pipeline;

import dev.tenx.batching.BatchSender;
import dev.tenx.batching.ProducerBatch;
import dev.tenx.batching.RecordAccumulator;
import dev.tenx.common.config.ProducerConfig;
import dev.tenx.common.errors.BrokerException;
import dev.tenx.common.errors.DisconnectedException;
import dev.tenx.common.errors.TimeoutException;
import dev.tenx.common.wire.ErrorCode;
import dev.tenx.common.wire.ProduceResponse;
import io.netty.buffer.ByteBuf;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * This stage's sender: up to {@code max.in.flight.requests.per.connection} batches on the wire
 * at once, so that the round trip of one batch overlaps the broker's work on the others.
 *
 * <p>Order, three ways. The broker answers one connection's requests in the order they came,
 * and this sender completes batches strictly in the order it sent them: a response that comes
 * early waits in its future until the ones before it are handled. Every batch carries this
 * producer's id and the sequence number of its first record, as Kafka's idempotent producer
 * does, and the broker stores a batch only if it is the next one it expects
 * ({@link IdempotentProduceHandler}). When a connection fails, or a request gets no answer
 * within {@code request.timeout.ms}, every batch on that connection is sent again, in sequence
 * order, on a new one, up to {@code retries} times; one the broker had already stored is
 * answered with its original offset rather than stored twice.
 *
 * <p>A batch that fails for good (retries used up, or an error answer) fails every batch
 * behind it too, and the producer continues under a new producer id, from sequence 0: the
 * broker refuses the old id's later batches, which now follow a gap. What this cannot promise:
 * a failed batch may still be stored, if the broker had read it before the failure; a failed
 * future means "not known to be stored", never "known not to be".
 *
 * <p>A delivery timeout, when one is given (the backpressure stage's {@code delivery.timeout.ms};
 * {@link #NO_DELIVERY_TIMEOUT} before it), bounds a batch's whole life from its first record's
 * {@code send()}: a batch still waiting in the accumulator when it passes fails there, one on the
 * wire fails when it passes (with every batch behind it, as any batch failing for good does), and
 * no retry starts after it. Without it, a batch may wait in the accumulator for ever and then
 * spend {@code retries + 1} request timeouts.
 *
 * <p>Time comes from the injected {@link Clock}: request deadlines, retry backoff and delivery
 * deadlines are compared with it, so tests drive timeouts without sleeping.
 *
 * <p>Thread-safety: confined to the producer's I/O thread, except {@link #inFlightRequests}
 * (volatile). Response futures complete on the connection's event-loop thread, which only
 * wakes the I/O thread up.
 */
public final class PipelinedSender implements BatchSender {

    /** A batch with its place in the producer's sequence, on the wire or waiting to go again. */
    private static final class InFlight {
        final ProducerBatch batch;
        final long producerId;
        final int baseSequence;
        int attempts;
        long deadlineMs;
        long retryAtMs;
        CompletableFuture<ProduceResponse> response;

        InFlight(ProducerBatch batch, long producerId, int baseSequence) {
            this.batch = batch;
            this.producerId = producerId;
            this.baseSequence = baseSequence;
        }
    }

    /** No bound on a batch's life beyond its requests' timeouts and retries: stages 2 to 5. */
    public static final long NO_DELIVERY_TIMEOUT = Long.MAX_VALUE;

    private final RecordAccumulator accumulator;
    private final Supplier<PipelinedChannel> connector;
    private final Clock clock;
    private final LongSupplier producerIds;
    private final int maxInFlight;
    private final long requestTimeoutMs;
    private final int retries;
    private final long retryBackoffMs;
    private final long deliveryTimeoutMs;

    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    private final ArrayDeque<InFlight> toRetry = new ArrayDeque<>();
    private PipelinedChannel channel;
    private long producerId;
    private int nextSequence;
    private volatile int inFlightCount;

    /**
     * Connects at once, so that a producer that cannot reach its broker fails when it is created.
     *
     * @param connector   opens a connection, or throws DisconnectedException
     * @param producerIds a new producer id per call, non-negative and unlikely to repeat
     */
    public PipelinedSender(RecordAccumulator accumulator, Supplier<PipelinedChannel> connector, Clock clock,
                           LongSupplier producerIds, PipelinedProducerConfig config) {
        this(accumulator, connector, clock, producerIds, config, NO_DELIVERY_TIMEOUT);
    }

    /**
     * The same, with every batch failed once {@code deliveryTimeoutMs} has passed since its first
     * record was sent, wherever it is: the seam of the backpressure stage's {@code delivery.timeout.ms}.
     */
    public PipelinedSender(RecordAccumulator accumulator, Supplier<PipelinedChannel> connector, Clock clock,
                           LongSupplier producerIds, PipelinedProducerConfig config, long deliveryTimeoutMs) {
        if (deliveryTimeoutMs < 1) {
            throw new IllegalArgumentException("deliveryTimeoutMs=" + deliveryTimeoutMs + ": must be at least 1");
        }
        this.deliveryTimeoutMs = deliveryTimeoutMs;
        this.accumulator = accumulator;
        this.connector = connector;
        this.clock = clock;
        this.producerIds = producerIds;
        this.maxInFlight = config.getInt(PipelinedProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION);
        this.requestTimeoutMs = config.getInt(ProducerConfig.REQUEST_TIMEOUT_MS);
        this.retries = config.getInt(PipelinedProducerConfig.RETRIES);
        this.retryBackoffMs = config.getLong(PipelinedProducerConfig.RETRY_BACKOFF_MS);
        this.producerId = producerIds.getAsLong();
        this.channel = connector.get();
    }

    @Override
    public long runOnce() {
        long nowMs = clock.millis();
        completeAnswered(nowMs);
        expireWaiting(nowMs);
        sendWhatMayGo(nowMs);
        inFlightCount = inFlight.size();
        return msUntilNextWork(nowMs);
    }

    /** Handles answers strictly in send order; retries, or fails, the oldest request once its deadline has passed. */
    private void completeAnswered(long nowMs) {
        while (!inFlight.isEmpty()) {
            InFlight oldest = inFlight.peekFirst();
            if (oldest.response.isDone()) {
                inFlight.pollFirst();
                handleAnswer(oldest, nowMs);
            } else if (nowMs >= deliveryDeadlineMs(oldest.batch)) {
                inFlight.pollFirst();
                failForGood(oldest, deliveryTimedOut(oldest.batch, nowMs, "on the wire"));
            } else if (nowMs >= oldest.deadlineMs) {
                inFlight.pollFirst();
                timedOut(oldest, nowMs);
            } else {
                return; // later requests were sent later: their deadlines are later too
            }
        }
    }

    /**
     * No answer within {@code request.timeout.ms}: the broker may have stored the batch or not.
     * Sent again under the same sequence, it is stored once either way; after its retries it
     * fails with a TimeoutException.
     */
    private void timedOut(InFlight oldest, long nowMs) {
        if (mayRetry(oldest, nowMs)) {
            retryWithEverythingBehind(oldest, nowMs);
            return;
        }
        failForGood(oldest, new TimeoutException("produce request (producerId=" + oldest.producerId
                + ", baseSequence=" + oldest.baseSequence + ", records=" + oldest.batch.recordCount()
                + ", attempts=" + (oldest.attempts + 1) + ") got no response within request.timeout.ms="
                + requestTimeoutMs));
    }

    private void handleAnswer(InFlight answered, long nowMs) {
        ProduceResponse response;
        try {
            response = answered.response.join();
        } catch (CompletionException e) {
            RuntimeException cause = unwrap(e);
            if (cause instanceof DisconnectedException && mayRetry(answered, nowMs)) {
                retryWithEverythingBehind(answered, nowMs);
            } else {
                failForGood(answered, cause);
            }
            return;
        }
        if (response.errorCode() == ErrorCode.NONE) {
            answered.batch.complete(response.baseOffset());
        } else {
            // OUT_OF_ORDER_SEQUENCE included: a batch before this one is missing from the log,
            // and sending this one again cannot bring it back.
            failForGood(answered, new BrokerException(response.errorCode(), response.errorMessage()));
        }
    }

    /** Retries left, and time left before the batch's delivery deadline. */
    private boolean mayRetry(InFlight failed, long nowMs) {
        return failed.attempts < retries && nowMs < deliveryDeadlineMs(failed.batch);
    }

    /** When {@code batch} fails wherever it is: {@code delivery.timeout.ms} after its first record's send. */
    private long deliveryDeadlineMs(ProducerBatch batch) {
        return deliveryTimeoutMs == NO_DELIVERY_TIMEOUT ? Long.MAX_VALUE : batch.createdMs() + deliveryTimeoutMs;
    }

    private TimeoutException deliveryTimedOut(ProducerBatch batch, long nowMs, String where) {
        return new TimeoutException("batch of records=" + batch.recordCount() + " failed " + where + " after "
                + (nowMs - batch.createdMs()) + " ms since its first send(), delivery.timeout.ms=" + deliveryTimeoutMs
                + "; not known to be stored");
    }

    /**
     * Batches still in the accumulator at their delivery deadline fail there: they never left,
     * so nothing of them is stored and no sequence number was spent on them.
     */
    private void expireWaiting(long nowMs) {
        if (deliveryTimeoutMs == NO_DELIVERY_TIMEOUT) {
            return;
        }
        for (ProducerBatch expired : accumulator.expireWaiting(nowMs - deliveryTimeoutMs)) {
            expired.fail(deliveryTimedOut(expired, nowMs, "in the accumulator, never sent,"));
        }
    }

    /**
     * The connection failed, or timed out, under {@code first}: it is closed, and everything that
     * was on it is sent again, in sequence order, on a new connection after the backoff, ahead of
     * what was already waiting to go again. A batch the broker stored before the failure is
     * answered as a duplicate, with its original offset. Only the batches that were on the
     * connection spend an attempt.
     */
    private void retryWithEverythingBehind(InFlight first, long nowMs) {
        closeChannel();
        ArrayDeque<InFlight> again = new ArrayDeque<>();
        again.add(first);
        again.addAll(inFlight);
        inFlight.clear();
        again.forEach(retry -> retry.attempts++);
        again.addAll(toRetry);
        toRetry.clear();
        for (InFlight retry : again) {
            retry.retryAtMs = nowMs + retryBackoffMs;
            toRetry.addLast(retry);
        }
    }

    /**
     * Fails {@code failed} with {@code cause}, and every batch behind it, which could otherwise
     * overtake it; later batches start a new sequence under a new producer id.
     */
    private void failForGood(InFlight failed, RuntimeException cause) {
        failed.batch.fail(cause);
        closeChannel();
        DisconnectedException behind = new DisconnectedException("not known to be stored: an earlier batch of this "
                + "producer (producerId=" + failed.producerId + ", baseSequence=" + failed.baseSequence
                + ") failed, and this one is failed with it so that it cannot be stored before that batch's "
                + "records: " + cause.getMessage(), cause);
        for (ArrayDeque<InFlight> queue : List.of(inFlight, toRetry)) {
            queue.forEach(f -> f.batch.fail(behind));
            queue.clear();
        }
        producerId = producerIds.getAsLong();
        nextSequence = 0;
        if (accumulator.isClosed()) {
            // Closing: what waits would go through its own retries against the broker that just
            // failed; fail it now, so that close() is bounded by one batch's retries.
            accumulator.abort(behind);
        }
    }

    /** Retries first, in order, then new batches, while the window has room. */
    private void sendWhatMayGo(long nowMs) {
        while (inFlight.size() < maxInFlight) {
            InFlight next = nextToSend(nowMs);
            if (next == null) {
                return;
            }
            if (nowMs >= deliveryDeadlineMs(next.batch)) {
                failForGood(next, deliveryTimedOut(next.batch, nowMs, "waiting to be sent again"));
                continue;
            }
            if (!ensureChannel(next, nowMs)) {
                return;
            }
            // a request's deadline never passes its batch's delivery deadline
            next.deadlineMs = Math.min(nowMs + requestTimeoutMs, deliveryDeadlineMs(next.batch));
            next.response = send(next);
            next.response.whenComplete((response, error) -> accumulator.wakeup());
            inFlight.addLast(next);
        }
    }

    private CompletableFuture<ProduceResponse> send(InFlight next) {
        ByteBuf body = next.batch.requestBody(next.producerId, next.baseSequence);
        try {
            // pipelining: written and flushed now; its answer is awaited with the others in flight.
            return channel.send(body);
        } finally {
            body.release();
        }
    }

    private InFlight nextToSend(long nowMs) {
        if (!toRetry.isEmpty()) {
            return toRetry.peekFirst().retryAtMs <= nowMs ? toRetry.pollFirst() : null;
        }
        ProducerBatch batch = accumulator.pollReady(nowMs);
        return batch == null ? null : sequenced(batch);
    }

    private InFlight sequenced(ProducerBatch batch) {
        if (nextSequence > Integer.MAX_VALUE - batch.recordCount()) {
            producerId = producerIds.getAsLong(); // the sequence space is used up: start a new one
            nextSequence = 0;
        }
        InFlight sequenced = new InFlight(batch, producerId, nextSequence);
        nextSequence += batch.recordCount();
        return sequenced;
    }

    /** Reconnects when needed; a failed connect counts as a failed attempt of {@code next}. */
    private boolean ensureChannel(InFlight next, long nowMs) {
        if (channel != null) {
            return true;
        }
        try {
            channel = connector.get();
            return true;
        } catch (DisconnectedException e) {
            if (mayRetry(next, nowMs)) {
                retryWithEverythingBehind(next, nowMs);
            } else {
                failForGood(next, e);
            }
            return false;
        }
    }

    private long msUntilNextWork(long nowMs) {
        long waitMs = Long.MAX_VALUE;
        if (!inFlight.isEmpty()) {
            waitMs = inFlight.peekFirst().deadlineMs - nowMs;
        }
        if (!toRetry.isEmpty()) {
            waitMs = Math.min(waitMs, toRetry.peekFirst().retryAtMs - nowMs);
        } else if (inFlight.size() < maxInFlight) {
            waitMs = Math.min(waitMs, accumulator.msUntilReady(nowMs));
        }
        if (deliveryTimeoutMs != NO_DELIVERY_TIMEOUT) {
            long oldestWaitingMs = accumulator.oldestWaitingCreatedMs();
            if (oldestWaitingMs != Long.MAX_VALUE) {
                waitMs = Math.min(waitMs, oldestWaitingMs + deliveryTimeoutMs - nowMs);
            }
        }
        return Math.max(0, waitMs);
    }

    private void closeChannel() {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    private static RuntimeException unwrap(CompletionException e) {
        return e.getCause() instanceof RuntimeException cause ? cause
                : new DisconnectedException("produce request failed: " + e.getCause(), e.getCause());
    }

    @Override
    public boolean isIdle() {
        return inFlight.isEmpty() && toRetry.isEmpty();
    }

    @Override
    public int inFlightRequests() {
        return inFlightCount;
    }

    @Override
    public void close() {
        closeChannel();
    }
}
