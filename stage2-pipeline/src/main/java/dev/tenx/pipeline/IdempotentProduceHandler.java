package dev.tenx.pipeline;

import dev.tenx.common.broker.ProduceHandler;
import dev.tenx.common.broker.ProduceResult;
import dev.tenx.common.broker.RecordStore;
import dev.tenx.common.wire.ErrorCode;
import dev.tenx.common.wire.ProduceRequest;
import dev.tenx.common.wire.RecordBatch;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The broker's half of the idempotent producer, Kafka's idea: every batch carries its producer's
 * id and the sequence number of its first record, and the broker stores a batch only when it is
 * the next one it expects from that producer. A pipelining producer whose connection fails with
 * several batches in flight sends them all again, in order, on a new connection; this check is
 * what keeps that retry from reordering the log or storing a batch twice.
 * <ul>
 *   <li>The batch expected next: appended to the store and, once written, remembered; it is
 *       acknowledged when the store says it is durable. If the append fails, the producer still expects that batch next;
 *       for an unknown producer, its first batch fixes the sequence even when it fails, so the
 *       batches behind it cannot be stored over the gap.
 *   <li>A batch already stored and still remembered (same first sequence, same record count):
 *       answered with its original offset, and not stored again, once that offset is durable (the
 *       original may still be waiting for its fsync).
 *   <li>Anything else: {@link ErrorCode#OUT_OF_ORDER_SEQUENCE}, nothing stored.
 * </ul>
 * A request without a producer id ({@link ProduceRequest#NO_PRODUCER_ID}, stages 0 and 1) goes
 * to the wrapped produce path unchecked; a producer id with a negative sequence is
 * {@link ErrorCode#INVALID_REQUEST}.
 *
 * <p>Limits, stated rather than hidden:
 * <ul>
 *   <li>The producer table is in memory only. After a broker restart every producer is unknown,
 *       and an unknown producer's first batch is accepted whatever its sequence, so a retry
 *       that straddles a restart can store a batch twice. Kafka rebuilds this table from its
 *       log, where every batch keeps its producer id and sequence; our stores keep records only.
 *   <li>Only the last {@link #REMEMBERED_BATCHES} batches of a producer are remembered: an
 *       older retry is refused as out of order rather than recognised.
 *   <li>At most {@code maxProducers} producers are remembered (about 1.5 KB each: 10,000 take
 *       about 15 MB). A producer takes a new id whenever it starts or restarts its sequence, so
 *       without a bound the table would grow for as long as the broker runs. When it is full, the
 *       producer idle the longest is forgotten and is unknown again, as after a restart; Kafka
 *       likewise expires producer ids idle for {@code producer.id.expiration.ms}. A producer
 *       with batches in flight was heard from recently: to be forgotten, {@code maxProducers}
 *       other producers must have been heard from since.
 * </ul>
 *
 * <p>Thread-safety: {@link #produce} runs on the event-loop thread of each connection, so
 * concurrently across connections. A producer's state is read and changed only under its own
 * lock, held across the write only, so its check and its write are one step even when a request
 * of its old connection is still being handled on another thread while it retries on a new one;
 * the wait for durability happens outside it, so that batches of one producer from several
 * connections can share an fsync.
 * Producers never wait for each other, except for the one being evicted. The table is a
 * concurrent map; eviction is serialised by {@link #evictionLock}.
 */
public final class IdempotentProduceHandler implements ProduceHandler {

    /**
     * Batches remembered per producer. The producer's {@code max.in.flight.requests.per.connection}
     * is validated against it, so any retry of a batch still in flight finds it here.
     */
    public static final int REMEMBERED_BATCHES = 32;

    /** Producers remembered at once unless the constructor says otherwise: about 15 MB when full. */
    public static final int DEFAULT_MAX_PRODUCERS = 10_000;

    private final RecordStore store;
    private final ProduceHandler unchecked;
    private final int maxProducers;
    private final Map<Long, ProducerState> producers = new ConcurrentHashMap<>();
    /** Counts requests: the clock by which "idle the longest" is measured, without reading time. */
    private final AtomicLong requestClock = new AtomicLong();
    private final Object evictionLock = new Object();

    public IdempotentProduceHandler(RecordStore store, ProduceHandler unchecked) {
        this(store, unchecked, DEFAULT_MAX_PRODUCERS);
    }

    /**
     * @param unchecked the produce path for requests without a producer id: the previous stage's
     */
    public IdempotentProduceHandler(RecordStore store, ProduceHandler unchecked, int maxProducers) {
        if (maxProducers < 1) {
            throw new IllegalArgumentException("maxProducers=" + maxProducers + ": must be at least 1");
        }
        this.store = store;
        this.unchecked = unchecked;
        this.maxProducers = maxProducers;
    }

    /** The sequence check in front of the previous stage's produce path: the pipelining broker's part. */
    public static ProduceHandler.Factory over(ProduceHandler.Factory previous) {
        return store -> new IdempotentProduceHandler(store, previous.create(store));
    }

    @Override
    public CompletionStage<ProduceResult> produce(RecordBatch request) {
        if (request.producerId() == ProduceRequest.NO_PRODUCER_ID) {
            return unchecked.produce(request);
        }
        if (request.producerId() < 0 || request.baseSequence() < 0) {
            return refused(ErrorCode.INVALID_REQUEST, "producerId=" + request.producerId()
                    + " baseSequence=" + request.baseSequence() + ": an idempotent producer sends producerId >= 0 "
                    + "and baseSequence >= 0, or producerId=" + ProduceRequest.NO_PRODUCER_ID + " to go unchecked");
        }
        while (true) {
            ProducerState state = stateOf(request.producerId());
            synchronized (state) {
                if (!state.evicted) {
                    return produceInSequence(state, request);
                }
            }
        }
    }

    /** Under the producer's lock: the check, and the write if it passes; the wait for durability comes after. */
    private CompletionStage<ProduceResult> produceInSequence(ProducerState state, RecordBatch request) {
        state.lastUsed = requestClock.incrementAndGet();
        int recordCount = request.recordCount();
        if (state.isUnknown() || request.baseSequence() == state.nextSequence) {
            return append(state, request);
        }
        StoredBatch stored = state.find(request.baseSequence(), recordCount);
        if (stored != null) {
            // idempotence: a retry of a batch already in the log gets the answer it would have had, and no second copy.
            return ProduceHandler.acknowledgeWhenDurable(store, stored.baseOffset(), recordCount);
        }
        return refused(ErrorCode.OUT_OF_ORDER_SEQUENCE, outOfOrder(state, request));
    }

    private CompletionStage<ProduceResult> append(ProducerState state, RecordBatch request) {
        long baseOffset;
        try {
            baseOffset = store.append(request);
        } catch (IOException e) {
            if (state.isUnknown()) {
                // A first batch that failed still fixes where this producer starts: the batches behind
                // it must wait for it, not be stored over the gap it leaves.
                state.expect(request.baseSequence());
            }
            return CompletableFuture.completedFuture(ProduceHandler.storageError(e));
        }
        state.stored(new StoredBatch(request.baseSequence(), request.recordCount(), baseOffset));
        return ProduceHandler.acknowledgeWhenDurable(store, baseOffset, request.recordCount());
    }

    private static CompletionStage<ProduceResult> refused(ErrorCode code, String message) {
        return CompletableFuture.completedFuture(ProduceResult.refused(code, message));
    }

    private static String outOfOrder(ProducerState state, RecordBatch request) {
        String head = "producerId=" + request.producerId() + " expected baseSequence=" + state.nextSequence
                + " got " + request.baseSequence() + " (recordCount=" + request.recordCount() + ")";
        if (request.baseSequence() > state.nextSequence) {
            return head + ": an earlier batch is missing";
        }
        return head + ": not one of the last " + REMEMBERED_BATCHES + " batches stored, with that record count, "
                + "so not a retry this broker can recognise";
    }

    private ProducerState stateOf(long producerId) {
        ProducerState state = producers.get(producerId);
        if (state != null) {
            return state;
        }
        ProducerState created = new ProducerState(requestClock.incrementAndGet());
        state = producers.putIfAbsent(producerId, created);
        if (state != null) {
            return state;
        }
        evictWhileFull();
        return created;
    }

    private void evictWhileFull() {
        synchronized (evictionLock) {
            while (producers.size() > maxProducers) {
                evictIdleLongest();
            }
        }
    }

    /** A scan of the whole table, only when a new producer arrives at a full one: cheap next to an fsync. */
    private void evictIdleLongest() {
        Map.Entry<Long, ProducerState> idleLongest = null;
        for (Map.Entry<Long, ProducerState> entry : producers.entrySet()) {
            if (idleLongest == null || entry.getValue().lastUsed < idleLongest.getValue().lastUsed) {
                idleLongest = entry;
            }
        }
        if (idleLongest == null) {
            return;
        }
        ProducerState victim = idleLongest.getValue();
        synchronized (victim) {
            // under the victim's lock: no request is between its check and its append when it goes
            producers.remove(idleLongest.getKey(), victim);
            victim.evicted = true;
        }
    }

    /** What a stored batch leaves behind: enough to recognise its retry and answer it. */
    private record StoredBatch(int baseSequence, int recordCount, long baseOffset) {
    }

    /**
     * One producer: the sequence it must send next and its last batches. Guarded by its own
     * monitor, except {@link #lastUsed}, which eviction reads without it.
     */
    private static final class ProducerState {

        private static final long UNKNOWN = -1L;

        private final ArrayDeque<StoredBatch> remembered = new ArrayDeque<>(REMEMBERED_BATCHES);
        /** Long, so that a producer's last batch cannot overflow it; the producer starts a new id before that. */
        private long nextSequence = UNKNOWN;
        private boolean evicted;
        private volatile long lastUsed;

        ProducerState(long lastUsed) {
            this.lastUsed = lastUsed;
        }

        boolean isUnknown() {
            return nextSequence == UNKNOWN;
        }

        StoredBatch find(int baseSequence, int recordCount) {
            for (StoredBatch batch : remembered) {
                if (batch.baseSequence() == baseSequence && batch.recordCount() == recordCount) {
                    return batch;
                }
            }
            return null;
        }

        void expect(int baseSequence) {
            nextSequence = baseSequence;
        }

        void stored(StoredBatch batch) {
            if (remembered.size() == REMEMBERED_BATCHES) {
                remembered.removeFirst();
            }
            remembered.addLast(batch);
            nextSequence = (long) batch.baseSequence() + batch.recordCount();
        }
    }
}
