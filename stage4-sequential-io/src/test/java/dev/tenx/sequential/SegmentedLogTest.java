package dev.tenx.sequential;

import static dev.tenx.sequential.LogFixtures.CODEC;
import static dev.tenx.sequential.LogFixtures.batch;
import static dev.tenx.sequential.LogFixtures.records;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tenx.common.broker.FileChannels;
import dev.tenx.common.broker.StoredRecords;
import dev.tenx.common.metrics.BrokerCounters;
import dev.tenx.common.wire.LogRecord;
import dev.tenx.common.wire.RecordBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The log's append, read, segment rolling and reopening, on real files. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SegmentedLogTest {

    private static final int INDEX_INTERVAL_BYTES = 256;
    private static final long LARGE_SEGMENT_BYTES = 64L * 1024 * 1024;
    private static final long SMALL_SEGMENT_BYTES = 1024;
    private static final int NO_LIMIT = Integer.MAX_VALUE;

    @TempDir
    Path dir;

    private final BrokerCounters counters = new BrokerCounters();

    @Test
    void batchesAreReadBackAsStoredAndDecodedAtTheEdge() throws Exception {
        try (SegmentedLog log = open(LARGE_SEGMENT_BYTES)) {
            assertThat(appendDurably(log, records(0, 3))).isZero();
            assertThat(appendDurably(log, records(1, 2))).isEqualTo(3);

            assertThat(readAll(log, 0)).containsExactlyElementsOf(concat(records(0, 3), records(1, 2)));
            assertThat(log.durableEnd()).isEqualTo(5);
        }
    }

    @Test
    void aFetchInsideABatchStartsAtThatBatchSoTheConsumerSkipsItsHead() throws Exception {
        try (SegmentedLog log = open(LARGE_SEGMENT_BYTES)) {
            appendDurably(log, records(0, 3));
            appendDurably(log, records(1, 2));

            StoredRecords fromOne = log.read(1, NO_LIMIT, NO_LIMIT);
            StoredRecords fromFour = log.read(4, NO_LIMIT, NO_LIMIT);
            try {
                assertThat(fromOne.baseOffset()).as("base offset of a fetch at 1").isZero();
                assertThat(fromFour.baseOffset()).as("base offset of a fetch at 4").isEqualTo(3);
                assertThat(CODEC.decodeRecords(fromFour.records())).containsExactlyElementsOf(records(1, 2));
            } finally {
                fromOne.release();
                fromFour.release();
            }
        }
    }

    @Test
    void aFetchTakesWholeBatchesWithinItsLimitsAndAlwaysTheFirst() throws Exception {
        try (SegmentedLog log = open(LARGE_SEGMENT_BYTES)) {
            for (int b = 0; b < 4; b++) {
                appendDurably(log, records(b, 10));
            }
            StoredRecords oneByte = log.read(0, NO_LIMIT, 1);
            StoredRecords elevenRecords = log.read(0, 11, NO_LIMIT);
            try {
                assertThat(oneByte.recordCount()).as("records of a fetch of 1 byte: the first batch whole").isEqualTo(10);
                assertThat(elevenRecords.recordCount()).as("records of a fetch of 11: whole batches, stopping at 11 or more")
                        .isEqualTo(20);
            } finally {
                oneByte.release();
                elevenRecords.release();
            }
        }
    }

    @Test
    void segmentsRollAtTheirSizeAndEveryRecordIsReadAcrossThemAndAfterAReopen() throws Exception {
        List<LogRecord> written = new ArrayList<>();
        try (SegmentedLog log = open(SMALL_SEGMENT_BYTES)) {
            for (int b = 0; b < 20; b++) {
                appendDurably(log, records(b, 5));
                written.addAll(records(b, 5));
            }
            assertThat(segmentFiles()).as("segment files").hasSizeGreaterThan(3);
            assertThat(readAll(log, 0)).containsExactlyElementsOf(written);
        }
        try (SegmentedLog reopened = open(SMALL_SEGMENT_BYTES)) {
            assertThat(reopened.durableEnd()).isEqualTo(written.size());
            assertThat(readAll(reopened, 0)).containsExactlyElementsOf(written);
            assertThat(appendDurably(reopened, records(99, 1))).as("the next offset after a reopen").isEqualTo(written.size());
        }
    }

    @Test
    void eachBatchIsTwoWritesAtTheEndOfTheFileAndNoPageOrIndexUpdate() throws Exception {
        try (SegmentedLog log = open(LARGE_SEGMENT_BYTES)) {
            appendDurably(log, records(0, 100));
            long writesBefore = counters.storageWrites.sum();

            appendDurably(log, records(1, 100));

            assertThat(counters.storageWrites.sum() - writesBefore).as("write calls for a batch of 100 records")
                    .isEqualTo(2);
        }
    }

    private SegmentedLog open(long segmentBytes) throws IOException {
        return SegmentedLog.open(dir, FileChannels.REAL, counters, segmentBytes, INDEX_INTERVAL_BYTES);
    }

    static long appendDurably(SegmentedLog log, List<LogRecord> records) throws Exception {
        RecordBatch batch = batch(records);
        try {
            long base = log.append(batch);
            log.durable(base + records.size()).toCompletableFuture().get(10, TimeUnit.SECONDS);
            return base;
        } finally {
            batch.release();
        }
    }

    /** Every record from {@code offset} to the durable end, fetch after fetch, skipping each fetch's head as a consumer does. */
    static List<LogRecord> readAll(SegmentedLog log, long offset) throws IOException {
        List<LogRecord> out = new ArrayList<>();
        long position = offset;
        while (position < log.durableEnd()) {
            StoredRecords fetched = log.read(position, NO_LIMIT, 1024);
            try {
                List<LogRecord> records = CODEC.decodeRecords(fetched.records());
                int skip = (int) (position - fetched.baseOffset());
                out.addAll(records.subList(skip, records.size()));
                position += records.size() - skip;
            } finally {
                fetched.release();
            }
        }
        return out;
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(Segment.SUFFIX)).toList();
        }
    }

    private static List<LogRecord> concat(List<LogRecord> a, List<LogRecord> b) {
        List<LogRecord> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
