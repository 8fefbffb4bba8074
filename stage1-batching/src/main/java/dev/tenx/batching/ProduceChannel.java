package dev.tenx.batching;

import dev.tenx.common.wire.ApiKey;
import dev.tenx.common.wire.MessageCodec;
import dev.tenx.common.wire.ProduceRequest;
import dev.tenx.common.wire.ProduceResponse;
import dev.tenx.naive.NaiveConnection;

/**
 * One produce request, answered before the call returns: stage 0's synchronous connection in
 * production, a scripted broker in tests. Called by the producer's I/O thread only.
 */
public interface ProduceChannel extends AutoCloseable {

    /**
     * @throws dev.tenx.common.errors.TimeoutException after {@code request.timeout.ms}
     * @throws dev.tenx.common.errors.DisconnectedException when the connection is or becomes closed
     */
    ProduceResponse produce(ProduceRequest request);

    @Override
    void close();

    /** Over stage 0's connection: encode, write and flush, wait for the response, decode. */
    static ProduceChannel over(NaiveConnection connection, MessageCodec codec) {
        return new ProduceChannel() {
            @Override
            public ProduceResponse produce(ProduceRequest request) {
                return connection.call(ApiKey.PRODUCE, codec.encode(request), ProduceResponse.class);
            }

            @Override
            public void close() {
                connection.close();
            }
        };
    }
}
