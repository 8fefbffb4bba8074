package dev.tenx.sequential;

import java.util.Arrays;

/**
 * A segment's sparse offset index, as Kafka's: an entry (a batch's base offset, its position in
 * the file) for the first batch and then whenever {@code log.index.interval.bytes} have been
 * written since the last entry. A lookup finds the last entry at or before an offset, and the
 * read goes forward from there through at most an interval of batches.
 *
 * <p>Kept in memory and rebuilt when the log opens (recovery reads every batch anyway, to check
 * its CRC). Thread-safety: the log's writer adds entries while fetches look them up; every method
 * is synchronized, and each does little more than a binary search.
 */
final class SegmentIndex {

    private static final int INITIAL_ENTRIES = 64;

    private final int intervalBytes;
    private long[] offsets = new long[INITIAL_ENTRIES];
    private long[] positions = new long[INITIAL_ENTRIES];
    private int entries;
    private long lastIndexedPosition = Long.MIN_VALUE;

    SegmentIndex(int intervalBytes) {
        this.intervalBytes = intervalBytes;
    }

    /** Notes a batch written at {@code position}; indexes it if an interval has passed since the last entry. */
    synchronized void onBatch(long baseOffset, long position) {
        if (entries > 0 && position - lastIndexedPosition < intervalBytes) {
            return;
        }
        if (entries == offsets.length) {
            offsets = Arrays.copyOf(offsets, entries * 2);
            positions = Arrays.copyOf(positions, entries * 2);
        }
        offsets[entries] = baseOffset;
        positions[entries] = position;
        entries++;
        lastIndexedPosition = position;
    }

    /** The position of the last indexed batch starting at or before {@code offset}; 0 if none. */
    synchronized long floorPosition(long offset) {
        int i = Arrays.binarySearch(offsets, 0, entries, offset);
        int floor = i >= 0 ? i : -i - 2;
        return floor < 0 ? 0 : positions[floor];
    }

    synchronized int entries() {
        return entries;
    }
}
