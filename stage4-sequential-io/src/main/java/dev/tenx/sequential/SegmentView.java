package dev.tenx.sequential;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * What a fetch may see of one segment: its file, read by position only, up to {@link #size()},
 * and its sparse index. The view {@link SegmentReads} get, so that how a fetch turns stored
 * batches into a response (read into the heap here, handed to sendfile by the fewer-copies stage)
 * can change without the log's writing, indexing or recovery changing.
 *
 * <p>Thread-safe: every method reads by position and sees only bytes written before {@link #size()}
 * was published; nothing here moves the channel's position or writes.
 */
public interface SegmentView {

    Path file();

    /**
     * The segment's open file, owned by the log: for positional reads and {@code transferTo}
     * only; never closed, written or repositioned by a reader.
     */
    FileChannel channel();

    /** Bytes written so far: whole batches, though the last ones may not be durable yet. */
    long size();

    /** The position of the last indexed batch starting at or before {@code offset}; 0 if none. */
    long floorPosition(long offset);

    /** The header of the batch at {@code position}, read with one positional read into a new buffer. */
    BatchDescriptor.Header readHeader(long position) throws IOException;

    /** {@code length} bytes from {@code position}, into a new heap buffer. */
    ByteBuffer read(long position, int length) throws IOException;
}
