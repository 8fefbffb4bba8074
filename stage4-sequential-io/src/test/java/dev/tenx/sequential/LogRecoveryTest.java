package dev.tenx.sequential;

import static dev.tenx.sequential.LogFixtures.records;
import static dev.tenx.sequential.SegmentedLogTest.appendDurably;
import static dev.tenx.sequential.SegmentedLogTest.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenx.common.broker.FileChannels;
import dev.tenx.common.metrics.BrokerCounters;
import dev.tenx.common.wire.LogRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the log makes of a directory after a crash or a damaged disk: a torn or damaged tail of
 * the last segment is cut (it was never acknowledged), anything else damaged refuses to open,
 * naming the file and the position.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LogRecoveryTest {

    private static final int INDEX_INTERVAL_BYTES = 256;
    private static final long SEGMENT_BYTES = 1024;
    private static final int BATCHES = 24;
    private static final int RECORDS_PER_BATCH = 4;
    private static final byte BIT = 0x10;

    @TempDir
    Path root;

    @Test
    void aLastBatchCutAtAnyByteIsDroppedAndEverythingBeforeItKept() throws Exception {
        Path original = root.resolve("original");
        List<LogRecord> before = writeLog(original);
        Path last = lastSegment(original);
        long size = Files.size(last);
        long lastBatchStart = size - lastBatchLength(original);
        for (long cut = lastBatchStart; cut < size; cut++) {
            Path copy = copyOf(original, "cut-" + cut);
            truncate(lastSegment(copy), cut);

            try (SegmentedLog log = open(copy)) {
                assertThat(readAll(log, 0)).as("records after cutting the last segment at %d of %d", cut, size)
                        .containsExactlyElementsOf(before.subList(0, before.size() - RECORDS_PER_BATCH));
                assertThat(appendDurably(log, records(99, 1))).as("next offset after the cut at %d", cut)
                        .isEqualTo(before.size() - RECORDS_PER_BATCH);
            }
        }
    }

    @Test
    void aFlippedBitInTheLastBatchIsATornTail() throws Exception {
        Path dir = root.resolve("log");
        List<LogRecord> before = writeLog(dir);
        Path last = lastSegment(dir);
        flipBit(last, Files.size(last) - 1);

        try (SegmentedLog log = open(dir)) {
            assertThat(readAll(log, 0)).containsExactlyElementsOf(before.subList(0, before.size() - RECORDS_PER_BATCH));
        }
    }

    @Test
    void aFlippedBitInAnEarlierSegmentRefusesToOpenNamingFileAndPosition() throws Exception {
        Path dir = root.resolve("log");
        writeLog(dir);
        Path first = segments(dir).get(0);
        long position = BatchDescriptor.HEADER_LENGTH + 1;
        flipBit(first, position);

        assertThatThrownBy(() -> open(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining(first.toString())
                .hasMessageContaining("position=0")
                .hasMessageContaining("CRC32C mismatch");
    }

    @Test
    void aMissingSegmentRefusesToOpen() throws Exception {
        Path dir = root.resolve("log");
        writeLog(dir);
        Files.delete(segments(dir).get(1));

        assertThatThrownBy(() -> open(dir)).isInstanceOf(IOException.class).hasMessageContaining("missing or damaged");
    }

    /** Found by the reliability run: a log whose first segment was lost opened at a later offset and failed fetches from 0. */
    @Test
    void aMissingFirstSegmentRefusesToOpen() throws Exception {
        Path dir = root.resolve("log");
        writeLog(dir);
        Files.delete(segments(dir).get(0));

        assertThatThrownBy(() -> open(dir)).isInstanceOf(IOException.class).hasMessageContaining("missing or damaged");
    }

    private List<LogRecord> writeLog(Path dir) throws Exception {
        List<LogRecord> written = new ArrayList<>();
        try (SegmentedLog log = open(dir)) {
            for (int b = 0; b < BATCHES; b++) {
                appendDurably(log, records(b, RECORDS_PER_BATCH));
                written.addAll(records(b, RECORDS_PER_BATCH));
            }
        }
        assertThat(segments(dir)).as("segments written").hasSizeGreaterThan(2);
        return written;
    }

    private static SegmentedLog open(Path dir) throws IOException {
        return SegmentedLog.open(dir, FileChannels.REAL, new BrokerCounters(), SEGMENT_BYTES, INDEX_INTERVAL_BYTES);
    }

    /** The length of the last batch of the log, read from its header by walking the last segment. */
    private static long lastBatchLength(Path dir) throws IOException {
        ByteBuffer segment = ByteBuffer.wrap(Files.readAllBytes(lastSegment(dir)));
        int position = 0;
        long length = 0;
        while (position < segment.limit()) {
            length = BatchDescriptor.Header.read(segment, position).length();
            position += (int) length;
        }
        return length;
    }

    private static List<Path> segments(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(Segment.SUFFIX)).sorted().toList();
        }
    }

    private static Path lastSegment(Path dir) throws IOException {
        List<Path> all = segments(dir);
        return all.get(all.size() - 1);
    }

    private Path copyOf(Path dir, String name) throws IOException {
        Path copy = root.resolve(name);
        Files.createDirectories(copy);
        for (Path p : segments(dir)) {
            Files.copy(p, copy.resolve(p.getFileName()));
        }
        return copy;
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
            c.truncate(size);
        }
    }

    private static void flipBit(Path file, long position) throws IOException {
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            c.read(b, position);
            b.put(0, (byte) (b.get(0) ^ BIT));
            c.write(b.rewind(), position);
        }
    }
}
