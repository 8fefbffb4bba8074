package dev.tenx.pipeline;

import dev.tenx.common.wire.ApiKey;
import dev.tenx.common.wire.MessageCodec;
import dev.tenx.common.wire.ProduceRequest;
import dev.tenx.common.wire.ProduceResponse;
import java.util.concurrent.CompletableFuture;

/**
 * Produce requests on one connection, many at a time, answered in the order sent: a
 * {@link PipelinedConnection} in production, a scripted broker in tests. Only the producer's
 * I/O thread calls {@link #send} and {@link #close}; the futures complete on the connection's
 * event-loop thread.
 */
public interface PipelinedChannel extends AutoCloseable {

    /**
     * Writes the request and returns at once. The future fails with
     * {@link dev.tenx.common.errors.DisconnectedException} when the connection is or becomes
     * closed before the answer, and with {@link dev.tenx.common.errors.BrokerException} when
     * the broker answers with an error frame.
     */
    CompletableFuture<ProduceResponse> send(ProduceRequest request);

    /** Fails every request still in flight with a DisconnectedException. */
    @Override
    void close();

    static PipelinedChannel over(PipelinedConnection connection, MessageCodec codec) {
        return new PipelinedChannel() {
            @Override
            public CompletableFuture<ProduceResponse> send(ProduceRequest request) {
                return connection.send(ApiKey.PRODUCE, codec.encode(request), ProduceResponse.class);
            }

            @Override
            public void close() {
                connection.close();
            }
        };
    }
}
