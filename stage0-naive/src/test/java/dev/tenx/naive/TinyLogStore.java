package dev.tenx.naive;

import dev.tenx.common.broker.FileChannels;
import dev.tenx.common.broker.RecordStore;
import dev.tenx.common.broker.StoreFactory;
import dev.tenx.common.broker.StoredRecords;
import dev.tenx.common.config.BrokerConfig;
import dev.tenx.common.metrics.BrokerCounters;
import dev.tenx.common.wire.LogRecord;
import dev.tenx.common.wire.MessageCodec;
import dev.tenx.common.wire.RecordBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.zip.CRC32;

/**
 * The smallest store with group commit's shape, for {@link ContractSuiteSelfTest}: one file of
 * checksummed records, a batch appended with one write, and {@code durable} forcing the file once
 * for everything appended before it. Honest, it keeps the durability contract; each {@link Flaw}
 * breaks it the way a real store could, so that the self-test can show the suite catching it.
 *
 * <pre>
 * tiny.log: record | record | ...
 * record:   crc int32 | timestampMs int64 | keyLength int32 | valueLength int32 | key | value
 * </pre>
 * The crc covers everything after it; recovery keeps the records up to the first one that is
 * cut short or fails its crc. Records are kept in memory too, for reads.
 *
 * <p>Thread-safe: every method holds the instance lock.
 */
final class TinyLogStore implements RecordStore {

    /** One way to break the durability contract, or none. */
    enum Flaw {
        NONE,
        /**
         * {@code durable} completes at once and the fsync waits for the next append, while the
         * durable end honestly lags: the broker writes acknowledgements before their fsync.
         */
        ACKNOWLEDGES_BEFORE_FORCING,
        /** Never forces, and counts records durable once written: the durable end runs ahead of the disk. */
        DURABLE_END_AHEAD_OF_THE_DISK,
        /** Forces its file, but never the directory it created the file in. */
        SKIPS_THE_DIRECTORY_FORCE
    }

    static final String FILE = "tiny.log";

    /** crc int32 | timestampMs int64 | keyLength int32 | valueLength int32 */
    private static final int RECORD_HEADER_BYTES = Integer.BYTES + Long.BYTES + Integer.BYTES + Integer.BYTES;

    private final FileChannel file;
    private final MessageCodec codec;
    private final BrokerCounters counters;
    private final Flaw flaw;
    private final List<LogRecord> records = new ArrayList<>();
    private long writePosition;
    private long durableEnd;
    /** ACKNOWLEDGES_BEFORE_FORCING only: records below this are acknowledged and wait for the next append's fsync. */
    private long forceOwedUpTo;

    private TinyLogStore(FileChannel file, MessageCodec codec, BrokerCounters counters, Flaw flaw) {
        this.file = file;
        this.codec = codec;
        this.counters = counters;
        this.flaw = flaw;
    }

    static StoreFactory factory(Flaw flaw) {
        return (config, codec, counters, files) ->
                open(Path.of(config.getString(BrokerConfig.LOG_DIR)), codec, counters, files, flaw);
    }

    private static TinyLogStore open(Path dir, MessageCodec codec, BrokerCounters counters, FileChannels files,
                                     Flaw flaw) throws IOException {
        Files.createDirectories(dir);
        boolean fresh = !Files.exists(dir.resolve(FILE));
        FileChannel file = files.open(dir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        TinyLogStore store = new TinyLogStore(file, codec, counters, flaw);
        try {
            if (fresh && flaw != Flaw.SKIPS_THE_DIRECTORY_FORCE) {
                try (FileChannel directory = files.open(dir, StandardOpenOption.READ)) {
                    directory.force(true);
                }
            }
            store.recover();
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
        return store;
    }

    @Override
    public synchronized long append(RecordBatch batch) throws IOException {
        if (flaw == Flaw.ACKNOWLEDGES_BEFORE_FORCING && forceOwedUpTo > durableEnd) {
            force(forceOwedUpTo);
        }
        List<LogRecord> batchRecords = batch.decodedRecords(codec);
        ByteBuffer bytes = encode(batchRecords);
        int length = bytes.remaining();
        while (bytes.hasRemaining()) {
            file.write(bytes, writePosition + length - bytes.remaining());
        }
        counters.storageWrites.increment();
        writePosition += length;
        long baseOffset = records.size();
        records.addAll(batchRecords);
        counters.recordsAppended.add(batchRecords.size());
        if (flaw == Flaw.DURABLE_END_AHEAD_OF_THE_DISK) {
            durableEnd = records.size();
        }
        return baseOffset;
    }

    @Override
    public synchronized CompletionStage<Void> durable(long endOffset) {
        if (endOffset > records.size()) {
            throw new IllegalArgumentException("endOffset=" + endOffset + " is past the log end " + records.size());
        }
        if (endOffset > durableEnd) {
            if (flaw == Flaw.ACKNOWLEDGES_BEFORE_FORCING) {
                forceOwedUpTo = records.size();
            } else {
                try {
                    force(records.size());
                } catch (IOException e) {
                    return CompletableFuture.failedFuture(e);
                }
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    /** One fsync covers every record written so far: the group commit. */
    private void force(long endOffset) throws IOException {
        file.force(true);
        counters.fsyncs.increment();
        durableEnd = endOffset;
    }

    @Override
    public synchronized long durableEnd() {
        return durableEnd;
    }

    @Override
    public synchronized StoredRecords read(long offset, int maxRecords, int maxBytes) {
        if (offset < 0 || offset > durableEnd) {
            throw new IllegalArgumentException("offset=" + offset + " is outside the log [0, " + durableEnd + "]");
        }
        List<LogRecord> out = new ArrayList<>();
        long bytes = 0;
        for (long o = offset; o < durableEnd && out.size() < maxRecords; o++) {
            LogRecord record = records.get((int) o);
            bytes += RECORD_HEADER_BYTES + record.payloadSize();
            if (!out.isEmpty() && bytes > maxBytes) {
                break;
            }
            out.add(record);
        }
        return new StoredRecords(offset, out.size(), codec.encodeRecords(out));
    }

    @Override
    public synchronized void close() throws IOException {
        file.close();
    }

    /** Reads the file up to its first incomplete or corrupt record; what it holds is durable, having survived. */
    private void recover() throws IOException {
        ByteBuffer all = ByteBuffer.allocate((int) file.size());
        while (all.hasRemaining() && file.read(all, all.position()) > 0) {
            // reads the whole file: a tiny store's log is small
        }
        all.flip();
        while (all.remaining() >= RECORD_HEADER_BYTES) {
            int start = all.position();
            int crc = all.getInt();
            long timestampMs = all.getLong();
            int keyLength = all.getInt();
            int valueLength = all.getInt();
            if (keyLength < 0 || valueLength < 0 || (long) keyLength + valueLength > all.remaining()) {
                break;
            }
            byte[] key = new byte[keyLength];
            byte[] value = new byte[valueLength];
            all.get(key).get(value);
            if (crc != crc(all.duplicate().position(start + Integer.BYTES).limit(all.position()))) {
                break;
            }
            records.add(new LogRecord(key, value, timestampMs));
            writePosition = all.position();
        }
        durableEnd = records.size();
    }

    private static ByteBuffer encode(List<LogRecord> batch) {
        int length = 0;
        for (LogRecord r : batch) {
            length += RECORD_HEADER_BYTES + r.payloadSize();
        }
        ByteBuffer b = ByteBuffer.allocate(length);
        for (LogRecord r : batch) {
            int start = b.position();
            // the crc's place first: it covers what follows it, written next
            b.putInt(0).putLong(r.timestampMs()).putInt(r.key().length).putInt(r.value().length)
                    .put(r.key()).put(r.value());
            b.putInt(start, crc(b.duplicate().position(start + Integer.BYTES).limit(b.position())));
        }
        return b.flip();
    }

    private static int crc(ByteBuffer b) {
        CRC32 crc = new CRC32();
        crc.update(b);
        return (int) crc.getValue();
    }
}
