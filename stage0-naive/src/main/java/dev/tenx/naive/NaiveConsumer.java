package dev.tenx.naive;

import dev.tenx.common.config.ConsumerConfig;
import dev.tenx.common.errors.BrokerException;
import dev.tenx.common.spi.ConsumedRecord;
import dev.tenx.common.spi.Consumer;
import dev.tenx.common.spi.StageParts;
import dev.tenx.common.wire.ApiKey;
import dev.tenx.common.wire.ErrorCode;
import dev.tenx.common.wire.FetchRequest;
import dev.tenx.common.wire.FetchResponse;
import dev.tenx.common.wire.LogRecord;
import dev.tenx.common.wire.MessageCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A consumer that fetches synchronously, one request per {@link #poll()}. How many records a
 * fetch asks for is the caller's choice: stage 0 asks for one, record by record.
 *
 * <p>Not thread-safe, as the {@link Consumer} contract allows: one thread polls.
 */
public final class NaiveConsumer implements Consumer {

    private final NaiveConnection connection;
    private final MessageCodec codec;
    private final int maxRecordsPerFetch;
    private final int maxBytesPerFetch;
    private long position;

    /** naive: fetch record by record, one round trip each; batching fetches many. */
    static final int RECORDS_PER_FETCH = 1;

    public NaiveConsumer(ConsumerConfig config, StageParts parts, int maxRecordsPerFetch, int maxBytesPerFetch) {
        this.codec = parts.codec();
        this.maxRecordsPerFetch = maxRecordsPerFetch;
        this.maxBytesPerFetch = maxBytesPerFetch;
        this.connection = new NaiveConnection(parts.transport(), config.getAddress(ConsumerConfig.BOOTSTRAP_SERVERS),
                codec, config.getInt(ConsumerConfig.REQUEST_TIMEOUT_MS));
    }

    /** Stage 0's consumer part: one record per fetch. */
    public static NaiveConsumer create(Map<String, ?> props, StageParts parts) {
        return new NaiveConsumer(new ConsumerConfig(props), parts, RECORDS_PER_FETCH, Integer.MAX_VALUE);
    }

    @Override
    public void seek(long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset=" + offset + ": must be at least 0");
        }
        position = offset;
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public List<ConsumedRecord> poll() {
        byte[] body = codec.encode(new FetchRequest(position, maxRecordsPerFetch, maxBytesPerFetch));
        List<ConsumedRecord> out = recordsOf(connection.call(ApiKey.FETCH, body, FetchResponse.class), position);
        position += out.size();
        return out;
    }

    /**
     * The records of a fetch response from {@code position} on, each with its offset. A store that
     * keeps whole batches answers from the start of the batch that holds {@code position}, as
     * Kafka's log does; the records before it are skipped here, at the edge.
     *
     * @throws BrokerException when the response carries an error code
     */
    public static List<ConsumedRecord> recordsOf(FetchResponse response, long position) {
        if (response.errorCode() != ErrorCode.NONE) {
            throw new BrokerException(response.errorCode(), response.errorMessage());
        }
        List<ConsumedRecord> out = new ArrayList<>(response.records().size());
        long offset = response.baseOffset();
        for (LogRecord record : response.records()) {
            if (offset >= position) {
                out.add(new ConsumedRecord(offset, record));
            }
            offset++;
        }
        return out;
    }

    @Override
    public void close() {
        connection.close();
    }
}
