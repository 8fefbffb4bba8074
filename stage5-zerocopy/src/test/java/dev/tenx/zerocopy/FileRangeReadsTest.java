package dev.tenx.zerocopy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenx.common.broker.FileChannels;
import dev.tenx.common.broker.RecordStore;
import dev.tenx.common.broker.StoredRecords;
import dev.tenx.common.config.BrokerConfig;
import dev.tenx.common.metrics.BrokerCounters;
import dev.tenx.common.spi.StageParts;
import dev.tenx.common.wire.LogRecord;
import dev.tenx.common.wire.MessageCodec;
import dev.tenx.common.wire.ProduceRequest;
import dev.tenx.common.wire.RecordBatch;
import dev.tenx.sequential.SequentialBrokerConfig;
import dev.tenx.sequential.SequentialStage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The zero-copy fetch returns the very run of batches stage 4's copying fetch returns, as a file
 * range instead of bytes: same base offset, same record count, same bytes, for every offset and
 * a sweep of limits, across segment rolls.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FileRangeReadsTest {

    private static final int BATCHES = 12;
    private static final int SMALL_SEGMENT_BYTES = 2 * 1024;
    private static final int INDEX_INTERVAL_BYTES = 300;
    private static final int[] MAX_BYTES = {1, 200, 700, 5_000, Integer.MAX_VALUE};
    private static final int[] MAX_RECORDS = {1, 3, 7, Integer.MAX_VALUE};

    private final StageParts stage4 = new SequentialStage().parts();
    private final StageParts stage5 = new ZeroCopyStage().parts();

    @TempDir
    Path dir;

    @Test
    void everyFetchIsStage4sRunAsAFileRange() throws Exception {
        try (RecordStore log = open(stage5)) {
            long end = 0;
            for (int b = 0; b < BATCHES; b++) {
                end = appendDurably(log, records(b, 1 + b % 5));
            }
            // stage 4 reads the same files: open it after the writes, on a directory of its own
            closeAndCompare(log, end);
        }
    }

    private void closeAndCompare(RecordStore zeroCopy, long end) throws Exception {
        try (RecordStore copying = open(stage4)) {
            assertThat(copying.durableEnd()).isEqualTo(end);
            for (long offset = 0; offset < end; offset++) {
                for (int maxBytes : MAX_BYTES) {
                    for (int maxRecords : MAX_RECORDS) {
                        assertSameRun(copying.read(offset, maxRecords, maxBytes),
                                zeroCopy.read(offset, maxRecords, maxBytes),
                                "offset=" + offset + ", maxRecords=" + maxRecords + ", maxBytes=" + maxBytes);
                    }
                }
            }
        }
    }

    private static void assertSameRun(StoredRecords copied, StoredRecords inFile, String fetch) throws IOException {
        ByteBuf expected = copied.readIntoMemory(UnpooledByteBufAllocator.DEFAULT);
        try {
            assertThat(inFile.fileRange()).as("%s: a file range, nothing read", fetch).isNotNull();
            assertThat(inFile.baseOffset()).as("%s: base offset", fetch).isEqualTo(copied.baseOffset());
            assertThat(inFile.recordCount()).as("%s: records", fetch).isEqualTo(copied.recordCount());
            ByteBuf actual = inFile.readIntoMemory(UnpooledByteBufAllocator.DEFAULT);
            try {
                assertThat(actual).as("%s: the bytes of the range", fetch).isEqualTo(expected);
            } finally {
                actual.release();
            }
        } finally {
            expected.release();
        }
    }

    private RecordStore open(StageParts parts) throws IOException {
        Map<String, Object> props = Map.of(BrokerConfig.LOG_DIR, dir.toString(),
                SequentialBrokerConfig.LOG_SEGMENT_BYTES, SMALL_SEGMENT_BYTES,
                SequentialBrokerConfig.LOG_INDEX_INTERVAL_BYTES, INDEX_INTERVAL_BYTES);
        return parts.broker().store().open(new BrokerConfig(parts.broker().config(), props), parts.codec(),
                new BrokerCounters(), FileChannels.REAL);
    }

    private long appendDurably(RecordStore log, List<LogRecord> records) throws Exception {
        MessageCodec codec = stage5.codec();
        RecordBatch batch = codec.decodeProduceRequest(Unpooled.wrappedBuffer(codec.encode(ProduceRequest.of(records))));
        long base;
        try {
            base = log.append(batch);
        } finally {
            batch.release();
        }
        log.durable(base + records.size()).toCompletableFuture().get(10, TimeUnit.SECONDS);
        return base + records.size();
    }

    private static List<LogRecord> records(int batch, int count) {
        List<LogRecord> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] value = ("batch " + batch + " record " + i + " " + "v".repeat(batch * 10)).getBytes(StandardCharsets.UTF_8);
            out.add(new LogRecord(("k" + i).getBytes(StandardCharsets.UTF_8), value, 1_000L * batch + i));
        }
        return out;
    }
}
