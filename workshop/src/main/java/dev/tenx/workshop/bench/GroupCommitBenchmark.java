package dev.tenx.workshop.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * <b>The question.</b> What does making a batch durable cost when every batch pays its own fsync,
 * and when one fsync covers a group of batches, as the sequential I/O stage's group commit does?
 * The runner shows {@code fsyncs/rec} and {@code fsync us/rec} for whole stages; this benchmark
 * isolates the disk's part on a real file in {@code java.io.tmpdir}, with nothing else around it.
 *
 * <p><b>What is measured.</b> One operation appends {@code groupSize} batches of
 * {@code batchBytes} each at the end of a file, as the log does (one positional write each):
 * <ul>
 *   <li>{@link #baselineWriteOnly}: the writes alone, never forced. Not durable: the floor, what
 *       the page cache costs. No stage may acknowledge at this cost.</li>
 *   <li>{@link #fsyncEachBatch}: a {@code force(true)} after every batch: what a store without
 *       group commit pays when each request is acknowledged on its own.</li>
 *   <li>{@link #fsyncPerGroup}: the same writes, then one {@code force(true)} for the whole group:
 *       what group commit pays when {@code groupSize} batches arrived during the previous fsync.</li>
 * </ul>
 * The secondary score {@code :batches} ({@link AuxCounters}) is already per batch; divide the
 * primary score ({@code us/op}) by {@code groupSize} otherwise.
 *
 * <p><b>Pitfalls.</b>
 * <ul>
 *   <li><b>A file that only grows.</b> Appending for minutes would fill the disk and measure a file
 *       system whose free space changes; the file is cut back to empty once per iteration
 *       ({@code Level.Iteration}, not per invocation: a truncate per call would add its own cost
 *       to what is measured). Within an iteration the writes are true appends.</li>
 *   <li><b>The page cache lies.</b> Without force the writes land in memory: the baseline shows how
 *       little that costs, which is exactly why it promises nothing.</li>
 *   <li><b>A shared, virtual disk.</b> An fsync here costs a few hundred microseconds and varies
 *       with what else the machine does (the runner's calibration measures it on every run). Read
 *       the ratio of the two forced rows within one run, not their absolute values.</li>
 *   <li><b>Dead code.</b> Every benchmark returns the bytes it wrote, so nothing can be eliminated;
 *       the I/O itself is a side effect the JIT cannot remove.</li>
 * </ul>
 *
 * <p><b>How to run it</b> (from the repository root):
 * <pre>
 * ./mvnw -B -q verify -DskipTests -Pjmh -Djmh.args="GroupCommitBenchmark -f 1 -wi 2 -i 3"
 * ./mvnw -B -q verify -DskipTests -Pjmh -Djmh.args="GroupCommitBenchmark -p groupSize=16 -p batchBytes=65536"
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(value = 1)
@Warmup(iterations = 2, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
public class GroupCommitBenchmark {

    /** Batches per operation: how many arrive during one fsync under load. */
    @Param({"1", "4", "16"})
    public int groupSize;

    /** Bytes of one stored batch: about 160 records of 100 B, and a full 64 KB batch. */
    @Param({"16384", "65536"})
    public int batchBytes;

    Path file;
    FileChannel channel;
    ByteBuffer batch;
    long position;

    /** Counts batches, so that JMH reports a per-batch line beside the per-group one. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Batches {
        public long batches;
    }

    @Setup(Level.Trial)
    public void open() throws IOException {
        file = Files.createTempFile("tenx-group-commit", ".log");
        channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        batch = ByteBuffer.allocateDirect(batchBytes);
        for (int i = 0; i < batchBytes; i++) {
            batch.put(i, (byte) i);
        }
    }

    @Setup(Level.Iteration)
    public void empty() throws IOException {
        channel.truncate(0);
        channel.force(true);
        position = 0;
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        channel.close();
        Files.deleteIfExists(file);
    }

    @Benchmark
    public long baselineWriteOnly(Batches counter) {
        return appendGroup(counter, false, false);
    }

    @Benchmark
    public long fsyncEachBatch(Batches counter) {
        return appendGroup(counter, true, false);
    }

    @Benchmark
    public long fsyncPerGroup(Batches counter) {
        return appendGroup(counter, false, true);
    }

    long appendGroup(Batches counter, boolean forceEach, boolean forceGroup) {
        try {
            long written = 0;
            for (int i = 0; i < groupSize; i++) {
                written += appendOne();
                if (forceEach) {
                    channel.force(true);
                }
            }
            if (forceGroup) {
                // group commit: one fsync covers every batch written before it
                channel.force(true);
            }
            counter.batches += groupSize;
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long appendOne() throws IOException {
        ByteBuffer b = batch.duplicate();
        long start = position;
        while (b.hasRemaining()) {
            position += channel.write(b, position);
        }
        return position - start;
    }
}
