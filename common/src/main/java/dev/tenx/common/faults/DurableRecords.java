package dev.tenx.common.faults;

import dev.tenx.common.broker.RecordStore;
import dev.tenx.common.broker.StoredRecords;
import dev.tenx.common.wire.LogRecord;
import dev.tenx.common.wire.MessageCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Every record a store holds below its durable end, read back as objects: what a check after a
 * crash or a power loss compares with what was acknowledged. Used by the power-loss contract and
 * the reliability run alike. Stateless.
 */
public final class DurableRecords {

    private DurableRecords() {}

    /**
     * Reads from offset 0 to {@link RecordStore#durableEnd()}, in memory or from the file range a
     * zero-copy store hands out ({@link StoredRecords#readIntoMemory}, which takes the records over).
     *
     * @throws IOException when a read below the durable end returns nothing
     */
    public static List<LogRecord> readAll(MessageCodec codec, RecordStore store) throws IOException {
        List<LogRecord> log = new ArrayList<>();
        long end = store.durableEnd();
        while (log.size() < end) {
            StoredRecords read = store.read(log.size(), Integer.MAX_VALUE, Integer.MAX_VALUE);
            if (read.recordCount() == 0) {
                read.release();
                throw new IOException("nothing read at offset " + log.size() + " below the durable end " + end);
            }
            ByteBuf bytes = read.readIntoMemory(UnpooledByteBufAllocator.DEFAULT);
            try {
                log.addAll(codec.decodeRecords(bytes));
            } finally {
                bytes.release();
            }
        }
        return log;
    }
}
