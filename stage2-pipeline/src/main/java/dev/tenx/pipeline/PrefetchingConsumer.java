package dev.tenx.pipeline;

import dev.tenx.batching.BatchingConsumerConfig;
import dev.tenx.common.broker.Transport;
import dev.tenx.common.config.ConsumerConfig;
import dev.tenx.common.config.HostPort;
import dev.tenx.common.errors.BrokerException;
import dev.tenx.common.errors.DisconnectedException;
import dev.tenx.common.errors.TimeoutException;
import dev.tenx.common.spi.ConsumedRecord;
import dev.tenx.common.spi.Consumer;
import dev.tenx.common.spi.RecordHandler;
import dev.tenx.common.spi.StageParts;
import dev.tenx.common.wire.ApiKey;
import dev.tenx.common.wire.FetchRequest;
import dev.tenx.common.wire.MessageCodec;
import dev.tenx.naive.NaiveNetty;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Stage 1's consumer (one fetch of up to {@code max.poll.records} records and
 * {@code fetch.max.bytes} bytes per {@link #poll()}) with pipelining: when a poll returns
 * records, the fetch for the records after them is sent before the poll returns, so it travels
 * and the broker reads while the application handles these. The next poll then finds its
 * answer already arrived, or on its way, instead of paying a whole round trip.
 *
 * <p>Fresh answers only. Records at an offset never change, so a prefetched answer that carries
 * records is as good as a new one. An empty answer says "end of the log" as of when it was
 * read, which may be long ago: a prefetched empty answer (or error) is dropped and the fetch is
 * sent again, and after an empty or failed poll nothing is prefetched. {@link #seek} to another
 * position abandons the prefetch; its answer is given back ({@link FetchedRecords#release}) when
 * it comes.
 *
 * <p>An answer is held as {@link FetchedRecords}, made by a reader on the connection's event-loop
 * thread: this stage decodes it there, whole; the binary-encoding stage keeps its bytes and
 * decodes them in {@code poll}, after the next fetch is on the wire; the fewer-copies stage keeps
 * them too and, in {@link #poll(RecordHandler)}, hands each record over where it lies.
 *
 * <p>Each wait for an answer is bounded by {@code request.timeout.ms} from the moment poll starts
 * waiting for it, so a poll that drops a stale prefetched answer and fetches again may wait
 * twice that; when it passes the connection is closed, as a late answer could not be told from
 * a new one, and this consumer is done.
 *
 * <p>Not thread-safe, as the {@link Consumer} contract allows: one thread polls, and it alone
 * touches {@link #position} and {@link #prefetch}. The connection's event-loop thread only
 * completes the prefetch's future.
 */
public final class PrefetchingConsumer implements Consumer {

    /** A fetch on the wire for {@code offset}, sent ahead of the poll that will want it. */
    private record Prefetch(long offset, CompletableFuture<FetchedRecords> response) {
    }

    private final PipelinedConnection connection;
    private final MessageCodec codec;
    private final PipelinedConnection.ResponseReader<FetchedRecords> reader;
    private final int maxPollRecords;
    private final int fetchMaxBytes;
    private final int requestTimeoutMs;
    private final String remote;
    private long position;
    private Prefetch prefetch;

    /** Over stage 0's transport, decoding each answer as it arrives. */
    public PrefetchingConsumer(BatchingConsumerConfig config, MessageCodec codec) {
        this(config, codec, NaiveNetty.TRANSPORT, FetchedRecords.decodedBy(codec));
    }

    /**
     * Connects, within {@code request.timeout.ms}; throws DisconnectedException when it cannot.
     *
     * @param reader what each fetch answer becomes on arrival, until the poll that returns it
     */
    public PrefetchingConsumer(BatchingConsumerConfig config, MessageCodec codec, Transport transport,
                               PipelinedConnection.ResponseReader<FetchedRecords> reader) {
        InetSocketAddress address = config.getAddress(ConsumerConfig.BOOTSTRAP_SERVERS);
        this.codec = codec;
        this.reader = reader;
        this.maxPollRecords = config.getInt(BatchingConsumerConfig.MAX_POLL_RECORDS);
        this.fetchMaxBytes = config.getInt(BatchingConsumerConfig.FETCH_MAX_BYTES);
        this.requestTimeoutMs = config.getInt(ConsumerConfig.REQUEST_TIMEOUT_MS);
        this.remote = HostPort.format(address);
        this.connection = new PipelinedConnection(transport, address, codec, requestTimeoutMs);
    }

    /** The pipelining stage's consumer part. */
    public static PrefetchingConsumer create(Map<String, ?> props, StageParts parts) {
        return new PrefetchingConsumer(new BatchingConsumerConfig(props), parts.codec(), parts.transport(),
                FetchedRecords.decodedBy(parts.codec()));
    }

    @Override
    public void seek(long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset=" + offset + ": must be at least 0");
        }
        if (prefetch != null && prefetch.offset() != offset) {
            discard(prefetch.response()); // abandoned: its answer is given back whenever it comes
            prefetch = null;
        }
        position = offset;
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public List<ConsumedRecord> poll() {
        return next(FetchedRecords::records);
    }

    @Override
    public int poll(RecordHandler handler) {
        return next((fetched, from) -> fetched.forEach(from, handler));
    }

    /** How one poll reads the answer it took: built records, or each handed to a handler. */
    @FunctionalInterface
    private interface Reading<T> {
        T read(FetchedRecords fetched, long position);
    }

    /** One poll: takes the next answer, sends the prefetch after it, and reads the answer as {@code reading} says. */
    private <T> T next(Reading<T> reading) {
        FetchedRecords fetched = takePrefetched();
        if (fetched == null) {
            fetched = await(fetch(position), position);
        }
        if (!fetched.hasRecords()) {
            return reading.read(fetched, position); // nothing, or the broker's error thrown
        }
        long offset = position;
        // an answer may start before the position (a store that keeps whole batches): it ends where the next fetch starts
        position = fetched.baseOffset() + fetched.count();
        // pipelining: the next fetch is on the wire while the caller handles these records (and,
        // if its answers hold bytes, decodes them first).
        prefetch = new Prefetch(position, fetch(position));
        return readOrRewind(reading, fetched, offset);
    }

    /** The answer's records; if they cannot be read, the position goes back to them and the prefetch is dropped. */
    private <T> T readOrRewind(Reading<T> reading, FetchedRecords fetched, long offset) {
        try {
            return reading.read(fetched, offset);
        } catch (RuntimeException e) {
            seek(offset);
            throw e;
        }
    }

    /** The prefetched answer, always for the current position, if it carries records; else {@code null}. */
    private FetchedRecords takePrefetched() {
        Prefetch taken = prefetch;
        prefetch = null;
        if (taken == null) {
            return null;
        }
        FetchedRecords fetched = await(taken.response(), taken.offset());
        // freshness: an empty answer (or an error) may be stale by now; only records are forever.
        if (fetched.hasRecords()) {
            return fetched;
        }
        fetched.release();
        return null;
    }

    private CompletableFuture<FetchedRecords> fetch(long offset) {
        ByteBuf body = Unpooled.wrappedBuffer(codec.encode(new FetchRequest(offset, maxPollRecords, fetchMaxBytes)));
        try {
            return connection.send(ApiKey.FETCH, body, reader);
        } finally {
            body.release();
        }
    }

    /** An answer nobody will poll: whatever it holds is given back, now or when it arrives. */
    private static void discard(CompletableFuture<FetchedRecords> response) {
        response.thenAccept(FetchedRecords::release);
    }

    private FetchedRecords await(CompletableFuture<FetchedRecords> response, long offset) {
        try {
            return response.get(requestTimeoutMs, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            discard(response);
            connection.close();
            throw new TimeoutException("FETCH at offset=" + offset + " from " + remote
                    + " got no response within request.timeout.ms=" + requestTimeoutMs);
        } catch (ExecutionException e) {
            throw failure(e.getCause(), offset);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            discard(response);
            connection.close();
            throw new DisconnectedException("interrupted while waiting for FETCH at offset=" + offset + " from "
                    + remote, e);
        }
    }

    private RuntimeException failure(Throwable cause, long offset) {
        if (cause instanceof BrokerException broker) {
            return broker; // the broker's error frame, as stage 0's connection throws it
        }
        return new DisconnectedException("FETCH at offset=" + offset + " from " + remote + " failed: "
                + cause.getMessage(), cause);
    }

    @Override
    public void close() {
        if (prefetch != null) {
            discard(prefetch.response());
            prefetch = null;
        }
        connection.close();
    }
}
