package dev.tenx.batching;

import dev.tenx.common.wire.ApiKey;
import dev.tenx.common.wire.MessageCodec;
import dev.tenx.common.wire.ProduceResponse;
import dev.tenx.naive.NaiveConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * One produce request, answered before the call returns: stage 0's synchronous connection in
 * production, a scripted broker in tests. The request comes as its encoded body, the batch's
 * own ({@link ProducerBatch#requestBody}), so that the channel never needs to know how a batch
 * keeps its records. Called by the producer's I/O thread only.
 */
public interface ProduceChannel extends AutoCloseable {

    /**
     * Sends {@code body}, a produce request's encoded body, and waits for the answer. Reads the
     * body without moving its indexes and leaves releasing it to the caller.
     *
     * @throws dev.tenx.common.errors.TimeoutException after {@code request.timeout.ms}
     * @throws dev.tenx.common.errors.DisconnectedException when the connection is or becomes closed
     */
    ProduceResponse produce(ByteBuf body);

    @Override
    void close();

    /** Over stage 0's connection: write and flush, wait for the response, decode it with {@code codec}. */
    static ProduceChannel over(NaiveConnection connection, MessageCodec codec) {
        return new ProduceChannel() {
            @Override
            public ProduceResponse produce(ByteBuf body) {
                // no copy when the body wraps a whole array, as a body encoded at send time does
                byte[] bytes = ByteBufUtil.getBytes(body, body.readerIndex(), body.readableBytes(), false);
                return connection.call(ApiKey.PRODUCE, bytes, ProduceResponse.class);
            }

            @Override
            public void close() {
                connection.close();
            }
        };
    }
}
