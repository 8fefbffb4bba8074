package dev.tenx.sequential;

import dev.tenx.common.broker.FileChannels;
import dev.tenx.common.metrics.BrokerCounters;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Opens a log directory and decides what it holds, before the broker serves anything:
 * <ul>
 *   <li>Every batch of every segment is read and its CRC checked, in offset order, and each
 *       segment's index is rebuilt from what is read, never trusted. (Kafka trusts older
 *       segments and their index files, up to a recovery checkpoint, so that start-up does not
 *       read the whole log; this log reads it all, which is simple and strict, and start-up time
 *       grows with the log: the recovery time is logged.)
 *   <li>The last segment may end in a torn or damaged batch: a write that a crash cut short.
 *       It was never acknowledged, since it was not durable (every fsync covers whole batches,
 *       in order), so it is cut off, and the cut forced.
 *   <li>Anywhere else a batch that is not whole, not where it should be or whose CRC fails is
 *       corruption, not a crash: the log refuses to open, naming the file and the position,
 *       rather than drop records that were acknowledged.
 * </ul>
 * Used once, by the thread that opens the log.
 */
final class LogRecovery {

    private static final Logger LOG = Logger.getLogger(LogRecovery.class.getName());
    private static final long NANOS_PER_MS = 1_000_000;

    /** What recovery leaves: the segments in offset order, the next offset, and whether the directory changed. */
    record Recovered(ConcurrentSkipListMap<Long, Segment> segments, long nextOffset, boolean directoryChanged) {
    }

    private final Path dir;
    private final FileChannels files;
    private final BrokerCounters counters;
    private final int indexIntervalBytes;

    LogRecovery(Path dir, FileChannels files, BrokerCounters counters, int indexIntervalBytes) {
        this.dir = dir;
        this.files = files;
        this.counters = counters;
        this.indexIntervalBytes = indexIntervalBytes;
    }

    Recovered recover() throws IOException {
        long startNanos = System.nanoTime();
        Files.createDirectories(dir);
        List<Long> baseOffsets = segmentBaseOffsets();
        ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
        boolean created = baseOffsets.isEmpty();
        if (created) {
            baseOffsets.add(0L);
        }
        // every log starts at offset 0 (nothing is ever deleted): a first segment elsewhere means one is missing
        long next = 0;
        try {
            for (int i = 0; i < baseOffsets.size(); i++) {
                long base = baseOffsets.get(i);
                if (base != next) {
                    throw new IOException("segment " + Segment.fileName(base) + " in " + dir + " starts at offset=" + base
                            + " but the segment before it ends at offset=" + next + ": segments are missing or damaged");
                }
                Segment segment = open(base, created);
                segments.put(base, segment);
                next = scan(segment, i == baseOffsets.size() - 1);
            }
        } catch (IOException | RuntimeException e) {
            for (Segment s : segments.values()) {
                s.close();
            }
            throw e;
        }
        long recoveredEnd = next;
        LOG.info(() -> "recovered " + dir + ": " + segments.size() + " segment(s), " + recoveredEnd + " records, in "
                + (System.nanoTime() - startNanos) / NANOS_PER_MS + " ms");
        return new Recovered(segments, next, created);
    }

    private List<Long> segmentBaseOffsets() throws IOException {
        List<Long> offsets = new ArrayList<>();
        try (Stream<Path> listing = Files.list(dir)) {
            for (Path p : (Iterable<Path>) listing::iterator) {
                String name = p.getFileName().toString();
                if (name.endsWith(Segment.SUFFIX)) {
                    offsets.add(parseBaseOffset(name));
                }
            }
        }
        offsets.sort(null);
        return offsets;
    }

    private long parseBaseOffset(String name) throws IOException {
        try {
            return Long.parseLong(name.substring(0, name.length() - Segment.SUFFIX.length()));
        } catch (NumberFormatException e) {
            throw new IOException("file " + name + " in " + dir + " is not a segment of this log (name=<offset>"
                    + Segment.SUFFIX + ")", e);
        }
    }

    private Segment open(long base, boolean create) throws IOException {
        Path file = dir.resolve(Segment.fileName(base));
        FileChannel channel = create
                ? files.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : files.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new Segment(base, file, channel, channel.size(), new SegmentIndex(indexIntervalBytes), counters);
    }

    /** Reads every batch of {@code segment}; returns the offset after its last whole batch. */
    private long scan(Segment segment, boolean last) throws IOException {
        long position = 0;
        long next = segment.baseOffset();
        long size = segment.size();
        while (position < size) {
            String fault = checkBatch(segment, position, size, next);
            if (fault != null) {
                if (!last) {
                    throw new IOException("corrupt batch in " + segment.file() + " at position=" + position + ": "
                            + fault + "; refusing to open the log rather than drop acknowledged records");
                }
                LOG.warning("cutting the unacknowledged tail of " + segment.file() + " at position=" + position
                        + " (" + (size - position) + " bytes): " + fault);
                segment.truncate(position);
                segment.force();
                return next;
            }
            BatchDescriptor.Header h = segment.readHeader(position);
            segment.index().onBatch(h.baseOffset(), position);
            next = h.nextOffset();
            position += h.length();
        }
        return next;
    }

    /** Why the batch at {@code position} is not a whole, valid batch at offset {@code expected}; null if it is. */
    private static String checkBatch(Segment segment, long position, long size, long expected) throws IOException {
        if (size - position < BatchDescriptor.HEADER_LENGTH) {
            return "a header cut short (" + (size - position) + " of " + BatchDescriptor.HEADER_LENGTH + " bytes)";
        }
        BatchDescriptor.Header h = segment.readHeader(position);
        if (!h.isWellFormed()) {
            return "not a batch header (tag=" + h.tag() + ", recordCount=" + h.recordCount() + ", recordsLength="
                    + h.recordsLength() + ")";
        }
        if (h.baseOffset() != expected) {
            return "baseOffset=" + h.baseOffset() + " where offset " + expected + " was expected";
        }
        if (position + h.length() > size) {
            return "records cut short (" + (size - position - BatchDescriptor.HEADER_LENGTH) + " of "
                    + h.recordsLength() + " bytes)";
        }
        ByteBuffer batch = segment.read(position, (int) h.length());
        return h.crcMatches(batch, 0) ? null : "CRC32C mismatch";
    }
}
