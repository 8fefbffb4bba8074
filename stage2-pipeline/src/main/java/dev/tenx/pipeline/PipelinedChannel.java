package dev.tenx.pipeline;

import dev.tenx.common.wire.ApiKey;
import dev.tenx.common.wire.MessageCodec;
import dev.tenx.common.wire.ProduceResponse;
import io.netty.buffer.ByteBuf;
import java.util.concurrent.CompletableFuture;

/**
 * Produce requests on one connection, many at a time, answered in the order sent: a
 * {@link PipelinedConnection} in production, a scripted broker in tests. A request comes as its
 * encoded body, the batch's own, so that the channel never needs to know how a batch keeps its
 * records. Only the producer's I/O thread calls {@link #send} and {@link #close}; the futures
 * complete on the connection's event-loop thread.
 */
public interface PipelinedChannel extends AutoCloseable {

    /**
     * Writes the request whose encoded body is {@code body} and returns at once; the frame holds
     * what it needs of the body (a copy, or a reference of its own), and the caller releases it. The future fails with
     * {@link dev.tenx.common.errors.DisconnectedException} when the connection is or becomes
     * closed before the answer, and with {@link dev.tenx.common.errors.BrokerException} when
     * the broker answers with an error frame.
     */
    CompletableFuture<ProduceResponse> send(ByteBuf body);

    /** Fails every request still in flight with a DisconnectedException. */
    @Override
    void close();

    static PipelinedChannel over(PipelinedConnection connection, MessageCodec codec) {
        return new PipelinedChannel() {
            @Override
            public CompletableFuture<ProduceResponse> send(ByteBuf body) {
                return connection.send(ApiKey.PRODUCE, body, ProduceResponse.class);
            }

            @Override
            public void close() {
                connection.close();
            }
        };
    }
}
