package dev.tenx.sequential;

import dev.tenx.common.metrics.BrokerCounters;
import io.netty.buffer.ByteBuf;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * One file of the log: batches laid end to end ({@link BatchDescriptor}), named by the offset of
 * its first record, with its sparse index. The log appends to its last segment only.
 *
 * <p>Thread-safety: {@link #append} is called by one writer at a time (the log's write lock);
 * {@link #force} by the flusher, and by the writer when it rolls the log: forces of one segment
 * are serialized on {@code this}, which also guards {@link #forceFailure}; {@link #read} and
 * {@link #readHeader} by any fetch, concurrently with all of them: they use positional reads,
 * which do not move the channel's position, and never read past {@link #size()}, which is
 * published (volatile) after the bytes are written.
 */
final class Segment implements SegmentView, Closeable {

    static final String SUFFIX = ".log";
    private static final String NAME_FORMAT = "%020d" + SUFFIX;

    private final long baseOffset;
    private final Path file;
    private final FileChannel channel;
    private final SegmentIndex index;
    private final BrokerCounters counters;
    private volatile long size;
    /** The first fsync of this file that failed; every later force fails with it. Guarded by {@code this}. */
    private IOException forceFailure;

    Segment(long baseOffset, Path file, FileChannel channel, long size, SegmentIndex index, BrokerCounters counters) {
        this.baseOffset = baseOffset;
        this.file = file;
        this.channel = channel;
        this.size = size;
        this.index = index;
        this.counters = counters;
    }

    static String fileName(long baseOffset) {
        return String.format(NAME_FORMAT, baseOffset);
    }

    long baseOffset() {
        return baseOffset;
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public FileChannel channel() {
        return channel;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public long floorPosition(long offset) {
        return index.floorPosition(offset);
    }

    SegmentIndex index() {
        return index;
    }

    /**
     * Writes one batch at the end of the file: its header, then its records from the buffer they
     * arrived in. sequential I/O: always at the end, never a seek back to update anything in
     * place, and nothing but the batch itself: two pwrite(2) calls per batch of hundreds of records.
     */
    void append(ByteBuffer header, long batchBaseOffset, ByteBuf records) throws IOException {
        long position = size;
        long end = writeFully(header, position);
        end = writeFully(records.nioBuffer(), end);
        index.onBatch(batchBaseOffset, position);
        size = end;
    }

    private long writeFully(ByteBuffer b, long position) throws IOException {
        long p = position;
        while (b.hasRemaining()) {
            int n = channel.write(b, p);
            p += n;
            counters.storageWrites.increment();
            counters.storageBytesWritten.add(n);
        }
        return p;
    }

    /** fsync(2) of this file: every batch written to it so far is on stable storage when it returns. */
    synchronized void force() throws IOException {
        // durability: once an fsync of this file has failed, no later one may report success. Linux reports
        // a writeback error once per open file and marks the failed pages clean, so a second fsync, the
        // flusher's racing the writer's roll, would return 0 over lost records and let them be acknowledged.
        if (forceFailure != null) {
            throw new IOException("an earlier fsync of " + file + " failed: " + forceFailure.getMessage(), forceFailure);
        }
        long startNanos = System.nanoTime();
        try {
            // durability: force(true) is fsync(2); group commit makes one call cover every batch written before it.
            channel.force(true);
        } catch (IOException e) {
            forceFailure = e;
            throw e;
        }
        counters.fsyncNanos.add(System.nanoTime() - startNanos);
        counters.fsyncs.increment();
    }

    /** The header of the batch at {@code position}, read with one positional read. */
    @Override
    public BatchDescriptor.Header readHeader(long position) throws IOException {
        return BatchDescriptor.Header.read(read(position, BatchDescriptor.HEADER_LENGTH), 0);
    }

    /** {@code length} bytes from {@code position}, into a new heap buffer (the fewer-copies stage avoids this copy). */
    @Override
    public ByteBuffer read(long position, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            if (channel.read(b, position + b.position()) < 0) {
                throw new IOException("unexpected end of " + file + " at position=" + (position + b.position()));
            }
        }
        return b.flip();
    }

    /** Cuts the file at {@code newSize}: recovery's removal of a torn tail. */
    void truncate(long newSize) throws IOException {
        channel.truncate(newSize);
        size = newSize;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
