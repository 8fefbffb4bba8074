package dev.tenx.naive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenx.common.wire.JsonCodec;
import dev.tenx.common.metrics.BrokerCounters;
import dev.tenx.common.wire.LogRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page store's own promises: layout, costs per append, and refusing a damaged header. */
class PageStoreTest {

    @TempDir
    Path dir;

    private final BrokerCounters counters = new BrokerCounters();

    @Test
    void appendsGetDenseOffsetsAndReadBackExact() throws IOException {
        try (PageStore store = PageStore.open(dir, JsonCodec.INSTANCE, counters)) {
            assertThat(store.append(List.of(record("a", "1"), record("b", "2")))).isZero();
            assertThat(store.append(List.of(record("c", "3")))).isEqualTo(2);

            assertThat(store.durableEnd()).isEqualTo(3);
            assertThat(store.readRecords(0, 10, Integer.MAX_VALUE))
                    .containsExactly(record("a", "1"), record("b", "2"), record("c", "3"));
            assertThat(store.readRecords(3, 10, Integer.MAX_VALUE)).isEmpty();
        }
    }

    @Test
    void everyAppendCostsThreeFsyncsAndOneWritePerRecordAndEntryPlusTheHeader() throws IOException {
        try (PageStore store = PageStore.open(dir, JsonCodec.INSTANCE, counters)) {
            long fsyncsBefore = counters.fsyncs.sum();
            long writesBefore = counters.storageWrites.sum();

            store.append(List.of(record("a", "1"), record("b", "2"), record("c", "3")));

            assertThat(counters.fsyncs.sum() - fsyncsBefore).isEqualTo(3);
            assertThat(counters.storageWrites.sum() - writesBefore).isEqualTo(3 + 3 + 1);
        }
    }

    @Test
    void aRecordLargerThanAPageTakesSeveralPagesAndLeavesTheNextOneIntact() throws IOException {
        byte[] large = new byte[PageStore.PAGE_SIZE * 2 + 1];
        large[large.length - 1] = 42;
        try (PageStore store = PageStore.open(dir, JsonCodec.INSTANCE, counters)) {
            store.append(List.of(new LogRecord(new byte[0], large, 1), record("after", "x")));

            List<LogRecord> back = store.readRecords(0, 2, Integer.MAX_VALUE);
            assertThat(back.get(0).value()).isEqualTo(large);
            assertThat(back.get(1)).isEqualTo(record("after", "x"));
        }
    }

    @Test
    void readStopsAtMaxStoredBytesButAlwaysReturnsTheFirstRecord() throws IOException {
        try (PageStore store = PageStore.open(dir, JsonCodec.INSTANCE, counters)) {
            store.append(List.of(record("k", "0123456789"), record("k", "0123456789")));

            assertThat(store.readRecords(0, 10, 1)).hasSize(1);
            assertThat(store.readRecords(0, 10, 2 * (PageStore.RECORD_HEADER_BYTES + 11))).hasSize(2);
            assertThat(store.readRecords(0, 1, Integer.MAX_VALUE)).hasSize(1);
        }
    }

    @Test
    void reopenedStoreContinuesWhereItStopped() throws IOException {
        List<LogRecord> written = new ArrayList<>();
        try (PageStore store = PageStore.open(dir, JsonCodec.INSTANCE, counters)) {
            for (int i = 0; i < 5; i++) {
                written.add(record("k" + i, "v" + i));
                store.append(List.of(written.get(i)));
            }
        }
        try (PageStore store = PageStore.open(dir, JsonCodec.INSTANCE, counters)) {
            assertThat(store.durableEnd()).isEqualTo(5);
            assertThat(store.append(List.of(record("k5", "v5")))).isEqualTo(5);
            assertThat(store.readRecords(0, 10, Integer.MAX_VALUE)).startsWith(written.toArray(LogRecord[]::new));
        }
    }

    @Test
    void aDamagedHeaderIsRefusedRatherThanGuessed() throws IOException {
        try (PageStore store = PageStore.open(dir, JsonCodec.INSTANCE, counters)) {
            store.append(List.of(record("a", "1")));
        }
        try (FileChannel index = FileChannel.open(dir.resolve(PageStore.INDEX_FILE), StandardOpenOption.WRITE)) {
            index.write(ByteBuffer.wrap(new byte[] {1, 2, 3}), Integer.BYTES * 2); // inside nextOffset
        }

        assertThatThrownBy(() -> PageStore.open(dir, JsonCodec.INSTANCE, counters))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("corrupt index.db header");
    }

    @Test
    void aHeaderNamingRecordsWhoseDataIsGoneIsRefused() throws IOException {
        try (PageStore store = PageStore.open(dir, JsonCodec.INSTANCE, counters)) {
            store.append(List.of(record("a", "1")));
        }
        Files.write(dir.resolve(PageStore.DATA_FILE), new byte[0]);

        assertThatThrownBy(() -> PageStore.open(dir, JsonCodec.INSTANCE, counters))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(PageStore.DATA_FILE + " is 0 bytes");
    }

    @Test
    void aLostIndexNextToExistingRecordsIsRefusedNotStartedOver() throws IOException {
        try (PageStore store = PageStore.open(dir, JsonCodec.INSTANCE, counters)) {
            store.append(List.of(record("a", "1")));
        }
        Files.delete(dir.resolve(PageStore.INDEX_FILE));

        assertThatThrownBy(() -> PageStore.open(dir, JsonCodec.INSTANCE, counters))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("refusing to start over");
    }

    @Test
    void readOutsideTheLogIsAnError() throws IOException {
        try (PageStore store = PageStore.open(dir, JsonCodec.INSTANCE, counters)) {
            assertThatThrownBy(() -> store.readRecords(1, 1, 1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("offset=1");
            assertThatThrownBy(() -> store.readRecords(-1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static LogRecord record(String key, String value) {
        return new LogRecord(key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8), 7L);
    }
}
