package dev.tenx.workshop.profile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.Pipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ProfileReader} on a real recording, made here with the runner's own settings, of a
 * workload that is known to do two things: one thread forces a file after every small write, one
 * encodes JSON with Jackson, and one waits in a native read for the whole recording as the
 * runner's lifeline does. No figure is asserted beyond where each thread's time must show: the
 * forcing thread, always inside {@code force}, as a large part of the busy time.
 */
class ProfileReaderTest {

    private static final long WORKLOAD_MS = 1_500;
    private static final int WRITE_BYTES = 4 * 1024;

    @Test
    void aThreadThatForcesShowsAsFsyncAndOneThatEncodesAsEncodeDecode(@TempDir Path dir) throws Exception {
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
            Thread fsync = daemon(() -> forceInALoop(dir.resolve("forced"), stop), "fsync");
            Thread encode = daemon(() -> encodeInALoop(stop), "encode");
            start = PhaseWindow.nowEpochNanos();
            Thread.sleep(WORKLOAD_MS);
            end = PhaseWindow.nowEpochNanos();
            stop.set(true);
            fsync.join();
            encode.join();
            r.stop();
            r.dump(recording);
            lifeline.close();
            waiting.join();
        } finally {
            lifeline.close();
        }

        ProcessProfile p = ProfileReader.read(recording, "test", List.of(new PhaseWindow(PhaseWindow.PRODUCE, start, end, 1_000)),
                stack -> false, dir, "test").get(0);

        assertThat(p.shares().values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(p.nativeSamples()).isPositive();
        double busy = 1 - p.share(Category.WAITING);
        assertThat(p.share(Category.FSYNC) / busy).as("the forcing thread's share of busy time").isGreaterThan(0.2);
        // Only present, not large: JDK 17's sampler misses much of a Java thread's time (see ProfileReader), and
        // on a loaded machine the encoding thread may spend most of the window compiling or off a core.
        assertThat(p.share(Category.ENCODE_DECODE)).as("the encoding thread's share").isPositive();
        assertThat(p.topMethods()).extracting(ProcessProfile.Method::category).contains(Category.FSYNC.label());
        assertThat(Files.readAllLines(dir.resolve(p.collapsedStacks())))
                .anySatisfy(line -> assertThat(line).startsWith("fsync;").contains("FileChannelImpl.force"));
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
