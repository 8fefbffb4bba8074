package dev.tenx.naive;

import dev.tenx.common.broker.FileChannels;
import dev.tenx.common.broker.RecordStore;
import dev.tenx.common.broker.StoredRecords;
import dev.tenx.common.config.AbstractConfig;
import dev.tenx.common.config.BrokerConfig;
import dev.tenx.common.metrics.BrokerCounters;
import dev.tenx.common.wire.LogRecord;
import dev.tenx.common.wire.MessageCodec;
import dev.tenx.common.wire.RecordBatch;
import dev.tenx.common.wire.RecordView;
import dev.tenx.common.wire.RecordVisitor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.zip.CRC32;

/**
 * The naive store: how a reasonable engineer keeps records the first time, like a small
 * database table. Each record goes into its own page(s) of a data file, an index entry is
 * written at a position computed from its offset, and a header is updated in place; then
 * everything is fsynced before the broker answers.
 *
 * <pre>
 * index.db                                        records.db
 * +-------------------------------+ 0             +------------------------+ 0
 * | header: magic, version,       |               | record 0 (page 0)      |
 * |   nextOffset, nextFreePage,   |               |   ..unused rest of page|
 * |   crc  (rewritten per append) |               +------------------------+ 4096
 * +-------------------------------+ 4096          | record 1 (pages 1..2,  |
 * | entry 0: page, length, crc    |               |   a larger record)     |
 * | entry 1: page, length, crc    |               +------------------------+ 12288
 * | ... at 4096 + offset * 16     |               | ...                    |
 * +-------------------------------+               +------------------------+
 *
 * record on its page: timestampMs int64 | keyLength int32 | valueLength int32 | key | value
 * </pre>
 *
 * <p>Per append, whatever the number of records in it: one write per record into
 * {@code records.db}, one per index entry, one for the header, and three fsyncs. The order is
 * the crash-safety argument: data and index entries are forced first, only then is the header
 * (the commit point) rewritten and forced, so after a crash the header never names a record
 * that is not on disk, whichever of the unforced writes the kernel had written back. The header
 * is 28 bytes inside the first 512-byte sector and is assumed to be written whole or not at
 * all, the assumption PostgreSQL makes for its {@code pg_control} file; a torn header fails its
 * CRC and the store refuses to open rather than guess.
 *
 * <p>Why it is slow is the point of stage 0, and the docs say which part matters on this
 * machine: its virtual disk writes 4 KB randomly as fast as sequentially (measured when the
 * project was set up; the runner does not measure it), so the cost here is
 * the number of system calls and of fsyncs per record, not seek distance.
 *
 * <p>After a failed write or fsync the store fails every later append: once {@code fsync} has
 * reported an error, what the page cache holds is unknown, and only a restart, which recovers
 * from what is on disk, is safe.
 *
 * <p>naive: {@link #append(RecordBatch)} does all of it, writes and fsyncs, before it returns, on
 * the event-loop thread of the request's connection, so {@link #durable} is complete at once, and
 * an fsync never covers more than one request: the sequential I/O stage separates the two.
 * Records arrive as the bytes of a batch; the page store copies each one's fields from where the
 * codec found them (the objects the JSON codec built; with protobuf, the request's bytes, by the
 * scan that validated it) into its own layout, one record per page, and fetches read them back
 * into objects and encode them again.
 *
 * <p>Thread-safety: {@link #append} is serialized by the instance lock; {@link #read} takes
 * no lock, since it only reads entries below {@link #nextOffset}, which is published (volatile)
 * after they are durable.
 */
public final class PageStore implements RecordStore {

    static final String INDEX_FILE = "index.db";
    static final String DATA_FILE = "records.db";

    static final int PAGE_SIZE = 4 * 1024;
    static final int MAGIC = 0x7465_6E78; // "tenx"
    static final int VERSION = 1;

    /** magic int32 | version int32 | nextOffset int64 | nextFreePage int64 | crc int32 */
    static final int HEADER_BYTES = Integer.BYTES * 2 + Long.BYTES * 2 + Integer.BYTES;
    /** The header has the first page of the index to itself. */
    static final long ENTRIES_START = PAGE_SIZE;
    /** page int64 | recordLength int32 | recordCrc int32 */
    static final int ENTRY_BYTES = Long.BYTES + Integer.BYTES + Integer.BYTES;
    /** timestampMs int64 | keyLength int32 | valueLength int32 */
    static final int RECORD_HEADER_BYTES = Long.BYTES + Integer.BYTES + Integer.BYTES;

    private final FileChannel index;
    private final FileChannel data;
    private final BrokerCounters counters;
    /** The records layout fetches return and batches arrive in. */
    private final MessageCodec codec;

    private volatile long nextOffset;
    private long nextFreePage; // guarded by this
    private IOException failure; // guarded by this
    /** The append in progress: the next record's offset and page, published when it is durable. Guarded by this. */
    private long appendingOffset;
    private long appendingPage;
    /** Reused by every append (guarded by this): one record's page bytes, grown to the largest record. */
    private ByteBuffer recordBuffer = ByteBuffer.allocate(PAGE_SIZE);
    private final ByteBuffer entryBuffer = ByteBuffer.allocate(ENTRY_BYTES);
    private final CRC32 recordChecksum = new CRC32();

    private PageStore(FileChannel index, FileChannel data, BrokerCounters counters, MessageCodec codec) {
        this.index = index;
        this.data = data;
        this.counters = counters;
        this.codec = codec;
    }

    /** The store in the broker's {@code log.dir}: stage 0's store part. */
    public static PageStore open(AbstractConfig config, MessageCodec codec, BrokerCounters counters,
                                 FileChannels files) throws IOException {
        return open(Path.of(config.getString(BrokerConfig.LOG_DIR)), codec, counters, files);
    }

    /** Opens the store in {@code dir}, creating it when there is none yet. */
    public static PageStore open(Path dir, MessageCodec codec, BrokerCounters counters) throws IOException {
        return open(dir, codec, counters, FileChannels.REAL);
    }

    static PageStore open(Path dir, MessageCodec codec, BrokerCounters counters, FileChannels opener)
            throws IOException {
        Files.createDirectories(dir);
        boolean fresh = isFresh(dir);
        OpenOption create = fresh ? StandardOpenOption.CREATE : StandardOpenOption.READ;
        FileChannel index = opener.open(dir.resolve(INDEX_FILE), create, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileChannel data;
        try {
            data = opener.open(dir.resolve(DATA_FILE), create, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            index.close();
            throw e;
        }
        PageStore store = new PageStore(index, data, counters, codec);
        try {
            if (fresh) {
                store.create(dir, opener);
            } else {
                store.recover();
            }
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    /**
     * No index, or one shorter than its header: a crash during {@link #create}, before anything
     * could be acknowledged. An index that is missing while records exist is not fresh but lost.
     */
    private static boolean isFresh(Path dir) throws IOException {
        Path index = dir.resolve(INDEX_FILE);
        Path data = dir.resolve(DATA_FILE);
        boolean noIndex = !Files.exists(index) || Files.size(index) < HEADER_BYTES;
        if (noIndex && Files.exists(data) && Files.size(data) > 0) {
            throw new IOException(INDEX_FILE + " is missing or truncated in " + dir + " but " + DATA_FILE
                    + " holds data; refusing to start over on top of it");
        }
        return noIndex;
    }

    @Override
    public long append(RecordBatch batch) throws IOException {
        return append(visitor -> batch.forEachRecord(codec, visitor));
    }

    /** Stores {@code records} at the next offsets, durably, and returns the first one's offset. */
    public long append(List<LogRecord> records) throws IOException {
        return append(visitor -> {
            for (LogRecord record : records) {
                visitor.visit(record);
            }
        });
    }

    /** What an append stores: hands each record, in order, to the visitor it is given. */
    @FunctionalInterface
    private interface Records {
        void each(RecordVisitor visitor) throws IOException;
    }

    private synchronized long append(Records records) throws IOException {
        if (failure != null) {
            throw new IOException("the store failed earlier and accepts nothing until a restart: "
                    + failure.getMessage(), failure);
        }
        try {
            return appendDurably(records);
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    private long appendDurably(Records records) throws IOException {
        long baseOffset = nextOffset;
        appendingOffset = baseOffset;
        appendingPage = nextFreePage;
        records.each(this::writeRecord);
        force(data);
        force(index);
        // naive: the header is rewritten in place on every append, and forced again.
        writeFully(index, header(appendingOffset, appendingPage), 0);
        force(index);
        nextFreePage = appendingPage;
        nextOffset = appendingOffset;
        counters.recordsAppended.add(appendingOffset - baseOffset);
        return baseOffset;
    }

    private void writeRecord(RecordView record) throws IOException {
        ByteBuffer page = pageOf(record);
        int length = page.remaining();
        int crc = recordCrc(page);
        // naive: one positional write per record, then one per index entry, each its own system call.
        writeFully(data, page, appendingPage * PAGE_SIZE);
        writeFully(index, entry(appendingPage, length, crc), entryPosition(appendingOffset));
        appendingPage += pagesFor(length);
        appendingOffset++;
    }

    /** Complete at once for anything appended: {@link #append} forced it before it returned. */
    @Override
    public CompletionStage<Void> durable(long endOffset) {
        if (endOffset > nextOffset) {
            throw new IllegalArgumentException("endOffset=" + endOffset + " is past the log end " + nextOffset);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public long durableEnd() {
        return nextOffset;
    }

    @Override
    public StoredRecords read(long offset, int maxRecords, int maxBytes) throws IOException {
        List<LogRecord> records = readRecords(offset, maxRecords, maxBytes);
        // naive: each record was read into objects; now it is encoded again for the wire.
        return new StoredRecords(offset, records.size(), codec.encodeRecords(records));
    }

    /**
     * Reads from {@code offset} on. {@code maxBytes} counts records as stored, header included,
     * so that a fetch of empty records is bounded too.
     */
    public List<LogRecord> readRecords(long offset, int maxRecords, int maxBytes) throws IOException {
        long end = nextOffset;
        if (offset < 0 || offset > end) {
            throw new IllegalArgumentException("offset=" + offset + " is outside the log [0, " + end + "]");
        }
        List<LogRecord> out = new ArrayList<>();
        long bytes = 0;
        for (long o = offset; o < end && out.size() < maxRecords; o++) {
            LogRecord record = readRecord(o);
            bytes += RECORD_HEADER_BYTES + record.payloadSize();
            if (!out.isEmpty() && bytes > maxBytes) {
                break;
            }
            out.add(record);
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        try (index; data) {
            // try-with-resources closes both, even when the first close fails
        }
    }

    private LogRecord readRecord(long offset) throws IOException {
        // naive: two positional reads per record, the index entry, then the record itself.
        ByteBuffer entry = readFully(index, entryPosition(offset), ENTRY_BYTES);
        long page = entry.getLong();
        int length = entry.getInt();
        int crc = entry.getInt();
        if (page < 0 || length < RECORD_HEADER_BYTES) {
            throw new IOException("corrupt index entry: offset=" + offset + ", page=" + page + ", length=" + length);
        }
        ByteBuffer record = readFully(data, page * PAGE_SIZE, length);
        if (crc(record) != crc) {
            throw new IOException("corrupt record: offset=" + offset + ", page=" + page + ", crc mismatch");
        }
        long timestampMs = record.getLong();
        int keyLength = record.getInt();
        int valueLength = record.getInt();
        if (keyLength < 0 || valueLength < 0 || (long) RECORD_HEADER_BYTES + keyLength + valueLength != length) {
            throw new IOException("corrupt record: offset=" + offset + ", keyLength=" + keyLength
                    + ", valueLength=" + valueLength + ", stored length=" + length);
        }
        byte[] key = new byte[keyLength];
        byte[] value = new byte[valueLength];
        record.get(key).get(value);
        return new LogRecord(key, value, timestampMs);
    }

    private void create(Path dir, FileChannels opener) throws IOException {
        // A new file's name is durable only once its directory is: fsync the directory, and before
        // the header, so that a durable header never names a data file whose entry was lost.
        try (FileChannel directory = opener.open(dir, StandardOpenOption.READ)) {
            force(directory);
        }
        writeFully(index, header(0, 0), 0);
        force(index);
        force(data);
        nextOffset = 0;
        nextFreePage = 0;
    }

    private void recover() throws IOException {
        ByteBuffer header = readFully(index, 0, HEADER_BYTES);
        int magic = header.getInt();
        int version = header.getInt();
        long offset = header.getLong();
        long freePage = header.getLong();
        int crc = header.getInt();
        if (magic != MAGIC || version != VERSION || crc != headerCrc(magic, version, offset, freePage)) {
            throw new IOException("corrupt " + INDEX_FILE + " header: magic=" + Integer.toHexString(magic)
                    + ", version=" + version + "; refusing to guess what was acknowledged");
        }
        checkFilesCover(offset);
        nextOffset = offset;
        nextFreePage = freePage;
    }

    /** The header's claims must fit in the files, or something other than a crash happened. */
    private void checkFilesCover(long offset) throws IOException {
        if (offset == 0) {
            return;
        }
        long indexEnd = entryPosition(offset);
        if (index.size() < indexEnd) {
            throw new IOException(INDEX_FILE + " is " + index.size() + " bytes but its header names " + offset
                    + " records, which need " + indexEnd);
        }
        ByteBuffer last = readFully(index, entryPosition(offset - 1), ENTRY_BYTES);
        long dataEnd = last.getLong() * PAGE_SIZE + last.getInt();
        if (data.size() < dataEnd) {
            throw new IOException(DATA_FILE + " is " + data.size() + " bytes but its last record ends at " + dataEnd);
        }
    }

    /**
     * The record laid out for its page, in a buffer the store reuses: the naive part is the
     * layout and the system calls, not garbage. Copied from where the codec found the fields
     * (the request's bytes for protobuf; the objects JSON had to build), so this store builds no
     * object per record, and its allocation column shows what the codec costs.
     */
    private ByteBuffer pageOf(RecordView r) {
        int length = RECORD_HEADER_BYTES + r.keyLength() + r.valueLength();
        if (recordBuffer.capacity() < length) {
            recordBuffer = ByteBuffer.allocate(Math.max(length, 2 * recordBuffer.capacity()));
        }
        ByteBuffer b = recordBuffer.clear();
        b.putLong(r.timestampMs()).putInt(r.keyLength()).putInt(r.valueLength());
        r.copyKeyTo(b);
        r.copyValueTo(b);
        return b.flip();
    }

    private ByteBuffer entry(long page, int length, int crc) {
        return entryBuffer.clear().putLong(page).putInt(length).putInt(crc).flip();
    }

    private static ByteBuffer header(long nextOffset, long nextFreePage) {
        return ByteBuffer.allocate(HEADER_BYTES)
                .putInt(MAGIC).putInt(VERSION).putLong(nextOffset).putLong(nextFreePage)
                .putInt(headerCrc(MAGIC, VERSION, nextOffset, nextFreePage))
                .flip();
    }

    private static int headerCrc(int magic, int version, long nextOffset, long nextFreePage) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES - Integer.BYTES)
                .putInt(magic).putInt(version).putLong(nextOffset).putLong(nextFreePage).flip();
        return crc(b);
    }

    private static int crc(ByteBuffer b) {
        CRC32 crc = new CRC32();
        crc.update(b.duplicate());
        return (int) crc.getValue();
    }

    /** The CRC of a record's page bytes, with the store's own CRC32; leaves {@code b}'s position as it was. */
    private int recordCrc(ByteBuffer b) {
        recordChecksum.reset();
        int position = b.position();
        recordChecksum.update(b);
        b.position(position);
        return (int) recordChecksum.getValue();
    }

    private static long entryPosition(long offset) {
        return ENTRIES_START + offset * ENTRY_BYTES;
    }

    private static long pagesFor(int recordLength) {
        return Math.max(1, (recordLength + PAGE_SIZE - 1) / PAGE_SIZE);
    }

    private void writeFully(FileChannel channel, ByteBuffer b, long position) throws IOException {
        long p = position;
        while (b.hasRemaining()) {
            int n = channel.write(b, p);
            p += n;
            counters.storageWrites.increment();
            counters.storageBytesWritten.add(n);
        }
    }

    private static ByteBuffer readFully(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            if (channel.read(b, position + b.position()) < 0) {
                throw new IOException("unexpected end of file at position=" + (position + b.position()));
            }
        }
        return b.flip();
    }

    private void force(FileChannel channel) throws IOException {
        long startNanos = System.nanoTime();
        // durability: force(true) is fsync(2); the record is acknowledged only after it returns.
        channel.force(true);
        counters.fsyncNanos.add(System.nanoTime() - startNanos);
        counters.fsyncs.increment();
    }
}
