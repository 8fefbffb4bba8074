package dev.tenx.pipeline;

import dev.tenx.common.broker.ProduceHandler;
import dev.tenx.common.broker.ProduceResult;
import dev.tenx.common.broker.RecordStore;
import dev.tenx.common.broker.StoredRecords;
import dev.tenx.common.wire.ErrorCode;
import dev.tenx.common.wire.JsonCodec;
import dev.tenx.common.wire.LogRecord;
import dev.tenx.common.wire.MessageCodec;
import dev.tenx.common.wire.ProduceRequest;
import dev.tenx.common.wire.ProduceResponse;
import dev.tenx.common.wire.RecordBatch;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Stands for a broker's store: appends every batch at dense offsets, in memory, durable at once,
 * and keeps what it appended, in order. It can be told to fail its next append, as a full disk
 * would. Thread-safe: {@link #append} is synchronized, as a store serializes appends.
 */
final class InMemoryLog implements RecordStore {

    private static final MessageCodec CODEC = JsonCodec.INSTANCE;

    /** What one append stored. */
    record Appended(long producerId, int baseSequence, List<LogRecord> records) {
    }

    private final List<Appended> appended = new ArrayList<>();
    private final List<LogRecord> records = new ArrayList<>();
    private ErrorCode failNextWith;

    /** Hands {@code request} to {@code handler} as a broker would, bytes and all, and waits for its answer. */
    static ProduceResponse produce(ProduceHandler handler, ProduceRequest request) {
        ByteBuf body = Unpooled.wrappedBuffer(CODEC.encode(request));
        RecordBatch batch = CODEC.decodeProduceRequest(body);
        try {
            return handler.produce(batch).toCompletableFuture().join().response();
        } finally {
            batch.release();
            body.release();
        }
    }

    @Override
    public synchronized long append(RecordBatch batch) throws IOException {
        if (failNextWith != null) {
            ErrorCode code = failNextWith;
            failNextWith = null;
            throw new IOException("append failed (scripted, as " + code + ")");
        }
        long baseOffset = records.size();
        Thread.yield(); // widens the window between a check and its append, for concurrency tests
        List<LogRecord> batchRecords = batch.decodedRecords(CODEC);
        appended.add(new Appended(batch.producerId(), batch.baseSequence(), batchRecords));
        records.addAll(batchRecords);
        return baseOffset;
    }

    @Override
    public CompletionStage<Void> durable(long endOffset) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized long durableEnd() {
        return records.size();
    }

    @Override
    public synchronized StoredRecords read(long offset, int maxRecords, int maxBytes) {
        List<LogRecord> range = records.subList((int) offset, (int) Math.min(records.size(), offset + maxRecords));
        return new StoredRecords(offset, range.size(), CODEC.encodeRecords(range));
    }

    @Override
    public void close() {
    }

    synchronized void failNextAppendWith(ErrorCode code) {
        failNextWith = code;
    }

    /** The batches appended, in order. */
    synchronized List<Appended> appended() {
        return List.copyOf(appended);
    }

    /** The base sequence of each batch appended, in order. */
    synchronized List<Integer> appendedSequences() {
        return appended.stream().map(Appended::baseSequence).toList();
    }

    /** The first byte of each record's value, in log order: what the sender tests number records by. */
    synchronized List<Integer> values() {
        return records.stream().map(r -> (int) r.value()[0]).toList();
    }
}
