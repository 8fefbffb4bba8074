package dev.tenx.common.broker;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.IOException;

/**
 * A range of the log as a fetch returns it: the offset of its first record, how many records it
 * holds, and their bytes in the broker's records layout ({@link dev.tenx.common.wire.MessageCodec}),
 * ready to be sent behind a fetch response's envelope. The bytes are either in memory
 * ({@link #records()}) or still in the store's file ({@link #fileRange()}), which a response
 * writer may send with sendfile, never reading them: the seam the fewer-copies stage uses.
 *
 * <p>Ownership: whoever holds it owns its bytes and gives them up once: by sending them, by
 * {@link #release()}, or by taking them with {@link #readIntoMemory}. A file range holds no
 * reference count (its channel is the store's); releasing it is a no-op, kept so that callers
 * need not know which kind they hold. Not thread-safe; handed from thread to thread whole.
 */
public final class StoredRecords {

    private final long baseOffset;
    private final int recordCount;
    /** The bytes in memory, or {@code null} when they are in {@link #file}. */
    private final ByteBuf records;
    /** Where the bytes lie in the store's file, or {@code null} when they are in {@link #records}. */
    private final FileRange file;

    /** Records whose bytes are in {@code records}, which this holder now owns. */
    public StoredRecords(long baseOffset, int recordCount, ByteBuf records) {
        this(baseOffset, recordCount, records, null);
    }

    private StoredRecords(long baseOffset, int recordCount, ByteBuf records, FileRange file) {
        this.baseOffset = baseOffset;
        this.recordCount = recordCount;
        this.records = records;
        this.file = file;
    }

    /** Records whose bytes are still in the store's file, at {@code file}: nothing read yet. */
    public static StoredRecords inFile(long baseOffset, int recordCount, FileRange file) {
        return new StoredRecords(baseOffset, recordCount, null, file);
    }

    /** Nothing at {@code offset}: the fetch reached the durable end. */
    public static StoredRecords empty(long offset) {
        return new StoredRecords(offset, 0, Unpooled.EMPTY_BUFFER);
    }

    public long baseOffset() {
        return baseOffset;
    }

    public int recordCount() {
        return recordCount;
    }

    /** Bytes of the records part, wherever it lies. */
    public int sizeInBytes() {
        return records != null ? records.readableBytes() : file.length();
    }

    /**
     * The bytes in memory; the caller must not move its indexes.
     *
     * @throws IllegalStateException when they are in a file: use {@link #readIntoMemory} or {@link #fileRange()}
     */
    public ByteBuf records() {
        if (records == null) {
            throw new IllegalStateException("the records are in a file, " + file + ", not in memory: a writer sends "
                    + "the range, and a reader that must see the bytes calls readIntoMemory");
        }
        return records;
    }

    /** Where the bytes lie in the store's file; {@code null} when they are in memory. */
    public FileRange fileRange() {
        return file;
    }

    /**
     * Takes the bytes as a buffer the caller owns and releases, and gives up this holder's: the
     * buffer it holds, or, for a file range, a copy read from the file into {@code alloc}'s
     * buffer. After it, this holder is not released again.
     */
    public ByteBuf readIntoMemory(ByteBufAllocator alloc) throws IOException {
        return records != null ? records : file.readInto(alloc);
    }

    public void release() {
        if (records != null) {
            records.release();
        }
    }

    @Override
    public String toString() {
        return "StoredRecords[baseOffset=" + baseOffset + ", recordCount=" + recordCount + ", "
                + (records != null ? "bytes=" + records.readableBytes() : "file=" + file) + "]";
    }
}
