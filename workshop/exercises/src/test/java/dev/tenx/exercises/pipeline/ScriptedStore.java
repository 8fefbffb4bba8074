package dev.tenx.exercises.pipeline;

import dev.tenx.common.broker.RecordStore;
import dev.tenx.common.broker.StoredRecords;
import dev.tenx.common.wire.RecordBatch;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Stands for a broker's store: gives each batch the next dense offsets, remembers which batches it
 * was asked to append, fails its next append when told, and makes records durable either at once
 * or only when the test says so, as an fsync that has not returned yet. Reads are not needed here.
 * Confined to the test's thread.
 */
final class ScriptedStore implements RecordStore {

    /** What one append stored. */
    record Appended(long producerId, int baseSequence, int recordCount) {
    }

    private final List<Appended> appended = new ArrayList<>();
    private final List<Wait> waits = new ArrayList<>();
    private long nextOffset;
    private long durableEnd;
    private boolean durableAtOnce = true;
    private boolean failNextAppend;

    private record Wait(long endOffset, CompletableFuture<Void> future) {
    }

    @Override
    public long append(RecordBatch batch) throws IOException {
        if (failNextAppend) {
            failNextAppend = false;
            throw new IOException("append failed (scripted, as a full disk)");
        }
        appended.add(new Appended(batch.producerId(), batch.baseSequence(), batch.recordCount()));
        long baseOffset = nextOffset;
        nextOffset += batch.recordCount();
        if (durableAtOnce) {
            durableEnd = nextOffset;
        }
        return baseOffset;
    }

    @Override
    public CompletionStage<Void> durable(long endOffset) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        if (endOffset <= durableEnd) {
            future.complete(null);
        } else {
            waits.add(new Wait(endOffset, future));
        }
        return future;
    }

    @Override
    public long durableEnd() {
        return durableEnd;
    }

    @Override
    public StoredRecords read(long offset, int maxRecords, int maxBytes) {
        throw new UnsupportedOperationException("the sequence check reads nothing: offset=" + offset);
    }

    @Override
    public void close() {
    }

    /** From now on appended records stay not durable until {@link #makeDurable}. */
    void holdDurability() {
        durableAtOnce = false;
    }

    /** Every record appended so far is durable: completes the waits it covers. */
    void makeDurable() {
        durableEnd = nextOffset;
        waits.removeIf(wait -> {
            boolean covered = wait.endOffset() <= durableEnd;
            if (covered) {
                wait.future().complete(null);
            }
            return covered;
        });
    }

    void failNextAppend() {
        failNextAppend = true;
    }

    /** The batches appended, in order. */
    List<Appended> appended() {
        return List.copyOf(appended);
    }

    /** The base sequence of each batch appended, in order. */
    List<Integer> appendedSequences() {
        return appended.stream().map(Appended::baseSequence).toList();
    }
}
