package dev.tenx.workshop.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tenx.common.wire.LogRecord;
import dev.tenx.common.wire.ProtobufCodec;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.Pipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ProfileReader} and {@link StackClassifier} on a real recording, made here with the
 * runner's own settings, of a workload that is known to do four things, one thread each: force a
 * file after every small write; write records to a file opened with {@code DSYNC} from inside the
 * protobuf scan's visitor callback, as stage 3's store writes them; encode JSON with Jackson; copy
 * between buffers. One more thread waits in a native read for the whole recording, as the
 * runner's lifeline does, and is left out of the shares as the lifeline is; so is every thread
 * that is not the workload's (the test runner's among them).
 *
 * <p>No figure is asserted beyond where each thread's time must show. The forcing thread is inside
 * {@code force} nearly all the time, so fsync stands for about one thread, which also checks the
 * weighing of native samples. Every stack of a write made from inside the scan's callback is file
 * I/O, not the codec's; {@code DSYNC} makes each write wait for the disk, so that the sampler,
 * which takes one thread in native code per period in turn, finds the writing thread there. The
 * writing, encoding and copying threads are only asserted to show, not how much: JDK 17's sampler
 * misses much of a Java thread's time (see ProfileReader), a write that the disk answers quickly
 * leaves the writing thread in Java code for a part of the window that varies from run to run,
 * and on a loaded machine any of them may spend most of the window compiling or off a core.
 */
class ProfileReaderTest {

    private static final long WORKLOAD_MS = 1_500;
    private static final int WRITE_BYTES = 4 * 1024;
    private static final int RECORDS_PER_SCAN = 10;
    private static final int VALUE_BYTES = 1024;
    private static final int COPY_BYTES = 256;

    @Test
    void eachThreadsTimeShowsInItsCategory(@TempDir Path dir) throws Exception {
        Path settings = dir.resolve("test.jfc");
        Files.writeString(settings, JfrSettings.jfc());
        Path recording = dir.resolve("test.jfr");
        long start;
        long end;
        Pipe.SourceChannel lifeline = Pipe.open().source(); // closed inside to end the lifeline thread's read
        try (Recording r = new Recording(Configuration.create(settings))) {
            Thread waiting = daemon(() -> readUntilClosed(lifeline), "lifeline");
            r.start();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> workload = List.of(
                    daemon(() -> forceInALoop(dir.resolve("forced"), stop), "fsync"),
                    daemon(() -> encodeInALoop(stop), "encode"),
                    daemon(() -> copyInALoop(stop), "copy"),
                    daemon(() -> writeFromTheScansCallbackInALoop(dir.resolve("store"), stop), "store"));
            start = PhaseWindow.nowEpochNanos();
            Thread.sleep(WORKLOAD_MS);
            end = PhaseWindow.nowEpochNanos();
            stop.set(true);
            for (Thread t : workload) {
                t.join();
            }
            r.stop();
            r.dump(recording);
            lifeline.close();
            waiting.join();
        } finally {
            lifeline.close();
        }

        ProcessProfile p = ProfileReader.read(recording, "test", List.of(new PhaseWindow(PhaseWindow.PRODUCE, start, end, 1_000)),
                ProfileReaderTest::notTheWorkload, dir, "test").get(0);

        assertThat(p.shares().values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, offset(1e-9));
        assertThat(threads(p, Category.FSYNC)).as("the forcing thread, in threads").isBetween(0.5, 1.5);
        assertThat(p.share(Category.FILE_IO)).as("the writing thread's share").isPositive();
        assertThat(p.share(Category.ENCODE_DECODE)).as("the encoding thread's share").isPositive();
        assertThat(p.share(Category.COPYING)).as("the copying thread's share").isPositive();
        assertThat(p.topMethods()).extracting(ProcessProfile.Method::category).contains(Category.FSYNC.label());
        List<String> collapsed = Files.readAllLines(dir.resolve(p.collapsedStacks()));
        assertThat(collapsed).anySatisfy(line -> assertThat(line).startsWith("fsync;").contains("FileChannelImpl.force"));
        assertThat(collapsed.stream().filter(line -> line.contains("ProtobufRecords.scanEach") && line.contains("FileChannelImpl.write")))
                .as("stacks of a write made from inside the scan's callback: the write's, not the codec's")
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line).startsWith("file_I/O;"));
    }

    /** The category's thread time over the window: how many threads it kept busy on average. */
    private static double threads(ProcessProfile p, Category c) {
        return p.threads() * p.share(c);
    }

    /** The lifeline, and every thread that runs none of this test's code: the JVM's, JFR's, the test runner's. */
    private static boolean notTheWorkload(List<Frame> stack) {
        return stack.stream().noneMatch(f -> f.type().startsWith(ProfileReaderTest.class.getName()))
                || stack.stream().anyMatch(f -> f.method().equals("readUntilClosed"));
    }

    private static Thread daemon(Runnable body, String name) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void readUntilClosed(Pipe.SourceChannel source) {
        try {
            while (source.read(ByteBuffer.allocate(1)) >= 0) {
                // nothing is ever written: the read blocks in native code until the pipe closes
            }
        } catch (IOException closed) {
            // closed by the test: done
        }
    }

    private static void forceInALoop(Path file, AtomicBoolean stop) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ByteBuffer block = ByteBuffer.allocate(WRITE_BYTES);
            while (!stop.get()) {
                block.clear();
                ch.write(block, 0);
                ch.force(true);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Small heap-to-heap copies: most of their time is in the copy's Java frames and bounds checks, which a sample can walk. */
    private static void copyInALoop(AtomicBoolean stop) {
        ByteBuffer from = ByteBuffer.allocate(COPY_BYTES);
        ByteBuffer to = ByteBuffer.allocate(COPY_BYTES);
        while (!stop.get()) {
            to.clear().put(from.clear());
        }
    }

    /**
     * Stage 3's store, cut down: the protobuf scan visits each record of a batch where it lies, and
     * the visitor copies the value into a page and writes the page, from inside the callback. The
     * file is opened with {@code DSYNC}, so that each write waits for the disk.
     */
    private static void writeFromTheScansCallbackInALoop(Path file, AtomicBoolean stop) {
        List<LogRecord> batch = new ArrayList<>();
        for (int i = 0; i < RECORDS_PER_SCAN; i++) {
            batch.add(new LogRecord(new byte[0], new byte[VALUE_BYTES], i));
        }
        ByteBuf records = ProtobufCodec.INSTANCE.encodeRecords(batch);
        ByteBuffer page = ByteBuffer.allocateDirect(VALUE_BYTES); // direct: the write itself copies nothing
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.DSYNC)) {
            while (!stop.get()) {
                ProtobufCodec.INSTANCE.forEachRecord(records, record -> {
                    record.copyValueTo(page.clear());
                    ch.write(page.flip(), 0);
                });
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            records.release();
        }
    }

    private static void encodeInALoop(AtomicBoolean stop) {
        ObjectMapper json = new ObjectMapper();
        Map<String, Object> record = Map.of("key", "", "value", "x".repeat(100), "timestamp", 1L);
        long bytes = 0;
        while (!stop.get()) {
            try {
                bytes += json.writeValueAsBytes(record).length;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        assertThat(bytes).isPositive();
    }
}
