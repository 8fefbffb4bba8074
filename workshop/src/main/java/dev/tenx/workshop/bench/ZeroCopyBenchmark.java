package dev.tenx.workshop.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * <b>The question.</b> What does it cost to send stored bytes to a socket when they pass through
 * the JVM, and when they do not; and what does copying a body behind its frame header cost next to
 * handing both to one gather write? The fewer-copies stage makes both changes; the runner shows
 * their effect on whole stages, this benchmark isolates them on one loopback connection.
 *
 * <p><b>What is measured.</b> One operation sends {@code bytes} to a loopback TCP socket whose far
 * end a drain thread reads and discards:
 * <ul>
 *   <li>{@link #heapReadWrite}: a positional read of the file into a heap buffer, then a write of
 *       it: stage 4's fetch. The JDK copies twice more, through a temporary direct buffer each way.</li>
 *   <li>{@link #directReadWrite}: the same through a direct buffer: one copy into the JVM's memory
 *       and one out, no temporary buffer.</li>
 *   <li>{@link #transferTo}: {@code FileChannel.transferTo} to the socket, sendfile(2): the bytes
 *       never enter the JVM. The floor of the three.</li>
 *   <li>{@link #frameCopy}: a 12-byte frame header and a body in a direct buffer, copied into one
 *       new pooled buffer, then written: how stages 0 to 4 frame a request.</li>
 *   <li>{@link #frameComposite}: the same two buffers as one composite, written with one
 *       writev(2): the body is not copied.</li>
 *   <li>{@link #baselineBodyOnly}: the body alone, written from its buffer: the floor of the two
 *       framing rows (what a frame costs beyond its body is their difference from it).</li>
 * </ul>
 *
 * <p><b>Pitfalls.</b>
 * <ul>
 *   <li><b>The page cache.</b> The file is written once and read back from memory every time, as a
 *       broker's replay of a recent log is: this measures copies and system calls, not a disk.</li>
 *   <li><b>The far end costs too.</b> The drain thread copies every byte out of the kernel into its
 *       own buffer, on the other core of a 2-core machine; it is the same for every row, so compare
 *       rows, not absolute figures. On loopback even sendfile's bytes are copied once on receipt.</li>
 *   <li><b>Small sends are system calls.</b> At 100 B every row is mostly its system calls (two for
 *       a read and a write, one for sendfile or writev): the copies show at 64 KB.</li>
 *   <li><b>Dead code.</b> Every benchmark returns the bytes it sent, and the sends are I/O the JIT
 *       cannot remove; {@link #sent} counts them so the test can check that each row sends what it claims.</li>
 * </ul>
 *
 * <p><b>How to run it</b> (from the repository root):
 * <pre>
 * ./mvnw -B -q verify -DskipTests -Pjmh -Djmh.args="ZeroCopyBenchmark -f 1 -wi 2 -i 3 -prof gc"
 * ./mvnw -B -q verify -DskipTests -Pjmh -Djmh.args="ZeroCopyBenchmark.transferTo -p bytes=1048576"
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(value = 1)
@Warmup(iterations = 2, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
public class ZeroCopyBenchmark {

    /** The frame header's size (FrameDescriptor.HEADER_LENGTH), restated: this module's benchmarks depend on no stage. */
    static final int HEADER_BYTES = 12;
    private static final int DRAIN_BUFFER_BYTES = 256 * 1024;

    /** Bytes per send: a 100-byte record alone, and a 64 KB run of stored batches. */
    @Param({"100", "65536"})
    public int bytes;

    Path file;
    FileChannel fileChannel;
    ServerSocketChannel server;
    SocketChannel socket;
    Thread drain;
    /** Bytes the drain thread has read: what arrived, for the test. */
    final AtomicLong received = new AtomicLong();
    long sent;

    ByteBuffer heap;
    ByteBuffer direct;
    ByteBufAllocator alloc;
    ByteBuf header;
    ByteBuf body;

    @Setup(Level.Trial)
    public void open() throws IOException {
        file = Files.createTempFile("tenx-zero-copy", ".log");
        fileChannel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        ByteBuffer content = ByteBuffer.allocate(bytes);
        for (int i = 0; i < bytes; i++) {
            content.put(i, (byte) i);
        }
        while (content.hasRemaining()) {
            fileChannel.write(content, content.position());
        }
        heap = ByteBuffer.allocate(bytes);
        direct = ByteBuffer.allocateDirect(bytes);
        alloc = new PooledByteBufAllocator(true);
        header = alloc.directBuffer(HEADER_BYTES).writeZero(HEADER_BYTES);
        body = alloc.directBuffer(bytes).writeBytes(content.flip());
        connect();
    }

    private void connect() throws IOException {
        server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket = SocketChannel.open(server.getLocalAddress());
        SocketChannel far = server.accept();
        drain = new Thread(() -> drain(far), "zero-copy-benchmark-drain");
        drain.setDaemon(true);
        drain.start();
    }

    private void drain(SocketChannel far) {
        ByteBuffer sink = ByteBuffer.allocateDirect(DRAIN_BUFFER_BYTES);
        try (far) {
            int n;
            while ((n = far.read(sink.clear())) >= 0) {
                received.addAndGet(n);
            }
        } catch (IOException e) {
            // the benchmark closed its end: done
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException, InterruptedException {
        socket.close();
        drain.join(TimeUnit.SECONDS.toMillis(5));
        server.close();
        fileChannel.close();
        header.release();
        body.release();
        Files.deleteIfExists(file);
    }

    @Benchmark
    public long heapReadWrite() {
        return readAndWrite(heap);
    }

    @Benchmark
    public long directReadWrite() {
        return readAndWrite(direct);
    }

    @Benchmark
    public long transferTo() {
        try {
            long done = 0;
            while (done < bytes) {
                // zero-copy: sendfile(2), page cache to socket
                done += fileChannel.transferTo(done, bytes - done, socket);
            }
            return count(done);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Benchmark
    public long frameCopy() {
        ByteBuf frame = alloc.directBuffer(HEADER_BYTES + bytes);
        try {
            frame.writeBytes(header, header.readerIndex(), HEADER_BYTES).writeBytes(body, body.readerIndex(), bytes);
            return count(writeAll(frame));
        } finally {
            frame.release();
        }
    }

    @Benchmark
    public long frameComposite() {
        CompositeByteBuf frame = alloc.compositeDirectBuffer(2)
                .addComponents(true, header.retainedSlice(), body.retainedSlice());
        try {
            // gather write: both buffers in one writev(2), the body never copied
            return count(writeAll(frame));
        } finally {
            frame.release();
        }
    }

    @Benchmark
    public long baselineBodyOnly() {
        return count(writeAll(body.duplicate()));
    }

    private long readAndWrite(ByteBuffer through) {
        try {
            through.clear();
            while (through.hasRemaining()) {
                fileChannel.read(through, through.position());
            }
            through.flip();
            long done = 0;
            while (through.hasRemaining()) {
                done += socket.write(through);
            }
            return count(done);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes every readable byte of {@code frame} with gathering writes; does not move its indexes. */
    private long writeAll(ByteBuf frame) {
        try {
            long done = 0;
            int length = frame.readableBytes();
            while (done < length) {
                done += frame.getBytes(frame.readerIndex() + (int) done, socket, length - (int) done);
            }
            return done;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long count(long n) {
        sent += n;
        return n;
    }
}
