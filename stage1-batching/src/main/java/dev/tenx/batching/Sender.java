package dev.tenx.batching;

import dev.tenx.common.errors.BrokerException;
import dev.tenx.common.wire.ErrorCode;
import dev.tenx.common.wire.ProduceRequest;
import dev.tenx.common.wire.ProduceResponse;
import io.netty.buffer.ByteBuf;
import java.time.Clock;

/**
 * This stage's sender: one batch on the wire at a time. It takes the oldest ready batch, sends
 * it as one request and waits for the answer before it takes the next, as stage 0 did with one
 * record. While it waits, {@code send} keeps filling the accumulator, so the next batch is
 * usually full by the time it is taken: the round trip and the broker's three fsyncs are now
 * paid once per batch instead of once per record. What is left, one round trip per batch, is
 * what pipelining removes.
 *
 * <p>Thread-safety: confined to the producer's I/O thread, except {@link #inFlightRequests}.
 */
public final class Sender implements BatchSender {

    private final RecordAccumulator accumulator;
    private final ProduceChannel channel;
    private final Clock clock;
    private volatile int inFlight;

    public Sender(RecordAccumulator accumulator, ProduceChannel channel, Clock clock) {
        this.accumulator = accumulator;
        this.channel = channel;
        this.clock = clock;
    }

    /** Sends the oldest batch if it is ready and blocks for its answer; else says how long until it will be. */
    @Override
    public long runOnce() {
        long nowMs = clock.millis();
        ProducerBatch batch = accumulator.pollReady(nowMs);
        if (batch == null) {
            return accumulator.msUntilReady(nowMs);
        }
        inFlight = 1;
        try {
            complete(batch, produce(batch));
        } catch (RuntimeException e) {
            batch.fail(e); // timeout or lost connection: not known to be stored
        } finally {
            inFlight = 0;
        }
        return 0;
    }

    private ProduceResponse produce(ProducerBatch batch) {
        ByteBuf body = batch.requestBody(ProduceRequest.NO_PRODUCER_ID, ProduceRequest.NO_SEQUENCE);
        try {
            // batching: one request, one round trip, one commit on the broker, for every record in the batch.
            return channel.produce(body);
        } finally {
            body.release();
        }
    }

    private static void complete(ProducerBatch batch, ProduceResponse response) {
        if (response.errorCode() == ErrorCode.NONE) {
            batch.complete(response.baseOffset());
        } else {
            batch.fail(new BrokerException(response.errorCode(), response.errorMessage()));
        }
    }

    /** Always: {@link #runOnce} returns only once its request is answered. */
    @Override
    public boolean isIdle() {
        return true;
    }

    @Override
    public int inFlightRequests() {
        return inFlight;
    }

    @Override
    public void close() {
        channel.close();
    }
}
