package dev.tenx.sequential;

import dev.tenx.common.broker.FileChannels;
import dev.tenx.common.broker.RecordStore;
import dev.tenx.common.broker.StoreFactory;
import dev.tenx.common.broker.StoredRecords;
import dev.tenx.common.config.AbstractConfig;
import dev.tenx.common.config.BrokerConfig;
import dev.tenx.common.metrics.BrokerCounters;
import dev.tenx.common.wire.MessageCodec;
import dev.tenx.common.wire.RecordBatch;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The append-only log of the sequential I/O stage: each batch written once, at the end of the
 * last segment file, as the bytes that arrived behind a small header ({@link BatchDescriptor});
 * segments rolled at {@code log.segment.bytes}, each with a sparse offset index; one flusher
 * thread whose every fsync covers all batches written before it, from every connection
 * ({@link GroupCommit}). Per batch: one write(2), and a share of one fsync. Recovery on open is
 * {@link LogRecovery}'s.
 *
 * <p>Thread-safety: appends are serialized by {@link #writeLock}, which also guards the active
 * segment and what the next fsync must cover; the flusher takes that work under the same lock and
 * forces outside it, so writers never wait for an fsync. Fetches take no lock: they read segments
 * by position and see only what {@link #durableEnd()} covers.
 */
public final class SegmentedLog implements RecordStore {

    private final Path dir;
    private final FileChannels files;
    private final BrokerCounters counters;
    private final long segmentBytes;
    private final int indexIntervalBytes;
    private final ConcurrentSkipListMap<Long, Segment> segments;
    private final SegmentReads reads;
    private final GroupCommit commit;
    private final Thread flusher;

    private final Object writeLock = new Object();
    private Segment active; // guarded by writeLock
    private long nextOffset; // guarded by writeLock
    /** Segments written since the last fsync, and whether a segment was created since: guarded by writeLock. */
    private final Set<Segment> unforced = new LinkedHashSet<>();
    private boolean directoryChanged;
    private final Object directoryForceLock = new Object();
    /** The first fsync of the directory that failed; every later one fails with it. Guarded by directoryForceLock. */
    private IOException directoryForceFailure;

    private SegmentedLog(Path dir, FileChannels files, BrokerCounters counters, long segmentBytes,
                         int indexIntervalBytes, SegmentReads reads, LogRecovery.Recovered recovered) {
        this.dir = dir;
        this.reads = reads;
        this.files = files;
        this.counters = counters;
        this.segmentBytes = segmentBytes;
        this.indexIntervalBytes = indexIntervalBytes;
        this.segments = recovered.segments();
        this.active = segments.lastEntry().getValue();
        this.nextOffset = recovered.nextOffset();
        this.directoryChanged = recovered.directoryChanged();
        this.commit = new GroupCommit(this::takeWork, recovered.nextOffset());
        this.flusher = new Thread(commit, "log-flusher-" + dir.getFileName());
        this.flusher.setDaemon(true);
        this.flusher.start();
    }

    /** The log in the broker's {@code log.dir}, its fetches read into the heap: this stage's store part. */
    public static SegmentedLog open(AbstractConfig config, MessageCodec codec, BrokerCounters counters,
                                    FileChannels files) throws IOException {
        return open(config, files, counters, SegmentReads.COPY_TO_HEAP);
    }

    /**
     * The same log, whose fetches read with {@code reads}: the store part of a stage that changes
     * only how fetched batches leave the file (the fewer-copies stage hands out file ranges).
     */
    public static StoreFactory readingWith(SegmentReads reads) {
        return (config, codec, counters, files) -> open(config, files, counters, reads);
    }

    private static SegmentedLog open(AbstractConfig config, FileChannels files, BrokerCounters counters,
                                     SegmentReads reads) throws IOException {
        return open(Path.of(config.getString(BrokerConfig.LOG_DIR)), files, counters,
                config.getLong(SequentialBrokerConfig.LOG_SEGMENT_BYTES),
                config.getInt(SequentialBrokerConfig.LOG_INDEX_INTERVAL_BYTES), reads);
    }

    static SegmentedLog open(Path dir, FileChannels files, BrokerCounters counters, long segmentBytes,
                             int indexIntervalBytes) throws IOException {
        return open(dir, files, counters, segmentBytes, indexIntervalBytes, SegmentReads.COPY_TO_HEAP);
    }

    static SegmentedLog open(Path dir, FileChannels files, BrokerCounters counters, long segmentBytes,
                             int indexIntervalBytes, SegmentReads reads) throws IOException {
        LogRecovery.Recovered recovered = new LogRecovery(dir, files, counters, indexIntervalBytes).recover();
        return new SegmentedLog(dir, files, counters, segmentBytes, indexIntervalBytes, reads, recovered);
    }

    @Override
    public long append(RecordBatch batch) throws IOException {
        synchronized (writeLock) {
            IOException failure = commit.failure();
            if (failure != null) {
                throw new IOException("the log failed earlier and accepts nothing until a restart: "
                        + failure.getMessage(), failure);
            }
            try {
                return appendUnderLock(batch);
            } catch (IOException e) {
                // A failed write (EIO, ENOSPC) may have left part of the batch in the file: the log fails,
                // as after a failed fsync, rather than write over it and acknowledge what follows.
                commit.fail(e);
                throw e;
            }
        }
    }

    private long appendUnderLock(RecordBatch batch) throws IOException {
        long batchLength = BatchDescriptor.batchLength(batch.sizeInBytes());
        if (active.size() > 0 && active.size() + batchLength > segmentBytes) {
            roll();
        }
        long baseOffset = nextOffset;
        active.append(BatchDescriptor.header(baseOffset, batch.producerId(), batch.baseSequence(),
                batch.recordCount(), batch.records()), baseOffset, batch.records());
        nextOffset = baseOffset + batch.recordCount();
        unforced.add(active);
        counters.recordsAppended.add(batch.recordCount());
        commit.written(nextOffset);
        return baseOffset;
    }

    /**
     * A new last segment. The old one is forced first, and the directory with its entry, so
     * that a segment file exists only behind whole, durable ones: after a power loss
     * only the last segment can end torn or be missing, and recovery may cut it, while damage
     * anywhere else is corruption. Two fsyncs on the writer's thread per
     * {@code log.segment.bytes}. The new file's name becomes durable only with its directory,
     * which the next fsync round forces.
     */
    private void roll() throws IOException {
        active.force();
        unforced.remove(active);
        // Always, not only while directoryChanged: the flusher may have taken that flag and not forced yet,
        // and a new segment's entry must never outlive the entry of the one before it (power-loss run).
        forceDirectory();
        directoryChanged = false;
        Path file = dir.resolve(Segment.fileName(nextOffset));
        FileChannel channel = files.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        active = new Segment(nextOffset, file, channel, 0, new SegmentIndex(indexIntervalBytes), counters);
        segments.put(nextOffset, active);
        directoryChanged = true;
    }

    /** Called by the flusher: what its next fsync must cover. */
    private Flusher.FlushWork takeWork() {
        List<Segment> toForce;
        boolean forceDirectory;
        long endOffset;
        synchronized (writeLock) {
            toForce = new ArrayList<>(unforced);
            unforced.clear();
            forceDirectory = directoryChanged;
            directoryChanged = false;
            endOffset = nextOffset;
        }
        return new Flusher.FlushWork() {
            @Override
            public long endOffset() {
                return endOffset;
            }

            @Override
            public void force() throws IOException {
                for (Segment s : toForce) {
                    s.force();
                }
                if (forceDirectory) {
                    forceDirectory();
                }
            }
        };
    }

    /**
     * A new segment's directory entry is forced before anything in it is acknowledged. Called by
     * the flusher and by the writer when it rolls; serialized, and, as {@link Segment#force} does
     * for a file, it fails for good once one has failed: a later fsync of the directory reports
     * success without the entries the failed one dropped. Package-private for
     * {@code LogFailureTest}, which calls it twice in a row, the interleaving a race between the
     * writer's roll and the flusher can produce.
     */
    void forceDirectory() throws IOException {
        synchronized (directoryForceLock) {
            if (directoryForceFailure != null) {
                throw new IOException("an earlier fsync of the directory " + dir + " failed: "
                        + directoryForceFailure.getMessage(), directoryForceFailure);
            }
            try (FileChannel directory = files.open(dir, StandardOpenOption.READ)) {
                long startNanos = System.nanoTime();
                directory.force(true);
                counters.fsyncNanos.add(System.nanoTime() - startNanos);
                counters.fsyncs.increment();
            } catch (IOException e) {
                directoryForceFailure = e;
                throw e;
            }
        }
    }

    @Override
    public CompletionStage<Void> durable(long endOffset) {
        return commit.durable(endOffset);
    }

    @Override
    public long durableEnd() {
        return commit.durableEnd();
    }

    @Override
    public StoredRecords read(long offset, int maxRecords, int maxBytes) throws IOException {
        long end = durableEnd();
        if (offset < 0 || offset > end) {
            throw new IllegalArgumentException("offset=" + offset + " is outside the log [0, " + end + "]");
        }
        if (offset == end) {
            return StoredRecords.empty(offset);
        }
        Map.Entry<Long, Segment> entry = segments.floorEntry(offset);
        return reads.read(entry.getValue(), offset, maxRecords, maxBytes, end);
    }

    /** Lets the flusher force what is written, then closes every file. */
    @Override
    public void close() throws IOException {
        commit.close();
        try {
            flusher.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        IOException first = null;
        for (Segment s : segments.values()) {
            try {
                s.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
