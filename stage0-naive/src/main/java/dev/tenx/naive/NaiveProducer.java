package dev.tenx.naive;

import dev.tenx.common.config.ProducerConfig;
import dev.tenx.common.errors.BrokerException;
import dev.tenx.common.errors.RecordTooLargeException;
import dev.tenx.common.spi.Producer;
import dev.tenx.common.spi.RecordMetadata;
import dev.tenx.common.spi.StageParts;
import dev.tenx.common.wire.ApiKey;
import dev.tenx.common.wire.ErrorCode;
import dev.tenx.common.wire.FrameDescriptor;
import dev.tenx.common.wire.LogRecord;
import dev.tenx.common.wire.MessageCodec;
import dev.tenx.common.wire.ProduceRequest;
import dev.tenx.common.wire.ProduceResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The naive producer: every {@link #send} is one request carrying one record, and the call
 * blocks until the broker has stored it. Per record: build a request, encode it as JSON, copy it
 * behind a header, write and flush the socket, wait one round trip plus the broker's fsyncs,
 * decode the response. The future it returns is already complete.
 *
 * <p>Thread-safe: concurrent senders take turns on the one connection.
 */
public final class NaiveProducer implements Producer {

    private final NaiveConnection connection;
    private final MessageCodec codec;
    private final int maxRequestSize;

    public NaiveProducer(ProducerConfig config, StageParts parts) {
        this.codec = parts.codec();
        this.maxRequestSize = config.getInt(ProducerConfig.MAX_REQUEST_SIZE);
        this.connection = new NaiveConnection(parts.transport(), config.getAddress(ProducerConfig.BOOTSTRAP_SERVERS),
                codec, config.getInt(ProducerConfig.REQUEST_TIMEOUT_MS));
    }

    /** Stage 0's producer part. */
    public static NaiveProducer create(Map<String, ?> props, StageParts parts) {
        return new NaiveProducer(new ProducerConfig(props), parts);
    }

    @Override
    public CompletableFuture<RecordMetadata> send(byte[] key, byte[] value) {
        LogRecord record = new LogRecord(key, value, System.currentTimeMillis());
        // naive: a one-record request, encoded on its own; batching puts many records in one.
        byte[] body = codec.encode(ProduceRequest.of(List.of(record)));
        int frameBytes = FrameDescriptor.frameLength(body.length);
        if (frameBytes > maxRequestSize) {
            return CompletableFuture.failedFuture(new RecordTooLargeException("a request holding this record is "
                    + frameBytes + " bytes (key=" + key.length + " B, value=" + value.length + " B, encoded as "
                    + codec.encoding() + "), above max.request.size=" + maxRequestSize));
        }
        try {
            ProduceResponse response = connection.call(ApiKey.PRODUCE, body, ProduceResponse.class);
            if (response.errorCode() != ErrorCode.NONE) {
                throw new BrokerException(response.errorCode(), response.errorMessage());
            }
            return CompletableFuture.completedFuture(new RecordMetadata(response.baseOffset()));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Nothing to do: {@link #send} returns only when its record is acknowledged. */
    @Override
    public void flush() {
    }

    @Override
    public void close() {
        connection.close();
    }
}
