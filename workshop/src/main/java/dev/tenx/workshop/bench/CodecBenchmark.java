package dev.tenx.workshop.bench;

import dev.tenx.common.wire.JsonCodec;
import dev.tenx.common.wire.LogRecord;
import dev.tenx.common.wire.MessageCodec;
import dev.tenx.common.wire.ProduceRequest;
import dev.tenx.common.wire.ProtobufCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * <b>The question.</b> What does it cost to turn a {@code ProduceRequest} into body bytes and
 * back, per record, with the JSON codec that stage 0 uses and with the protobuf codec that the
 * binary-encoding stage switches to? The stage 0 README lists "an encode and a decode" among the
 * fixed costs a record pays; this benchmark isolates that one cost from the round trip, the
 * system calls and the fsyncs that the comparison runner measures all together.
 *
 * <p><b>What is measured.</b> Five benchmarks share one input per parameter combination:
 * <ul>
 *   <li>{@link #baselineCopyValues}: the floor. It only clones each record's value array, the
 *       least any codec must do (read every value byte, write it somewhere new). A codec is
 *       judged by how far above this line it sits.</li>
 *   <li>{@link #jsonEncode}, {@link #protobufEncode}: {@link MessageCodec#encode} of the
 *       request, as the producer does before every send; the result is the new body array.</li>
 *   <li>{@link #jsonDecode}, {@link #protobufDecode}: {@link MessageCodec#decode} of that body
 *       from a heap {@link ByteBuf} into a new {@code ProduceRequest} of new {@code LogRecord}s,
 *       as the broker does for every request.</li>
 * </ul>
 * Each record has an empty key (as the runner sends), {@code valueSize} random bytes and a
 * current-epoch timestamp, as stage 0's producer builds it.
 *
 * <p><b>Parameters.</b> {@code recordsPerRequest} = 1 is stage 0 (one record per request);
 * 100 is what batching (stage 1) puts in one request: the difference per record between the two
 * is the per-request part of the codec's cost, which batching pays once per many records.
 * {@code valueSize} = 100 is the runner's default {@code record.size}; 1000 shows which part of
 * the cost grows with the bytes (base64 in JSON, copies in both) and which does not (field
 * names, object headers, parser set-up).
 *
 * <p><b>Reading the result: per request and per record.</b> The mode is
 * {@link Mode#AverageTime} in nanoseconds, so the primary score ({@code Score}, unit
 * {@code ns/op}) is the time for <em>one whole request</em>: divide it by
 * {@code recordsPerRequest} for the time per record. To save the division, every benchmark also
 * reports a secondary line named {@code <benchmark>:records}, an {@link AuxCounters} counter of
 * the records handled, which JMH normalises the same way as the primary score: its score is
 * already <b>ns per record</b>. {@code @OperationsPerInvocation} would be the usual way to do
 * this, but its value is a compile-time constant and {@code recordsPerRequest} is a
 * {@code @Param}, so it cannot be used here without being wrong for one of the two values.
 *
 * <p><b>Allocation.</b> Run with {@code -prof gc}: the line {@code <benchmark>:gc.alloc.rate.norm}
 * is the heap bytes allocated per operation ({@code B/op}), i.e. per request; divide it by
 * {@code recordsPerRequest} for bytes per record. (The {@code :records} counter does not
 * normalise it.) Allocation is often the steadier figure on a noisy machine, since it does not
 * depend on what else runs.
 *
 * <p><b>Pitfalls this benchmark avoids</b> (the JMH samples, {@code JMHSample_08},
 * {@code _09}, {@code _10}, {@code _11}, {@code _38}, explain each at length):
 * <ul>
 *   <li><b>Dead-code elimination.</b> Every benchmark <em>returns</em> its result (the encoded
 *       array, the decoded request, the copies), and JMH sinks a returned value into a
 *       {@code Blackhole}, so the JIT cannot prove the work unused and drop it. The baseline makes
 *       several values per call, so it returns them all in one array; returning only the last
 *       clone would let the JIT eliminate the others. (The other way is an explicit
 *       {@code Blackhole} parameter and {@code bh.consume(...)} per value, which adds the
 *       consume call's own cost per record to the floor.)</li>
 *   <li><b>Constant folding.</b> The inputs are non-final fields of the {@code @State} object,
 *       built in {@code @Setup} from {@code @Param} values read at run time, never
 *       {@code static final} constants or literals inside the method, so the JIT cannot compute
 *       the answer at compile time.</li>
 *   <li><b>Reused, not fresh, inputs, and why that is right here.</b> The request and its encoded
 *       bodies are built once per trial ({@code Level.Trial}) and reused by every call: neither
 *       codec mutates its input or caches anything per instance (Jackson's serializer caches are
 *       per class, and warm in the broker too), so a reused input costs what a fresh one of the
 *       same shape costs. Building a fresh request inside the method would measure the builder
 *       too, and {@code @Setup(Level.Invocation)} costs timer calls per invocation, of the order
 *       of the one-record encode itself (see its javadoc). What reuse does hide: the input stays
 *       in the CPU caches (at most 100 KB of values and a JSON body of about 140 KB, for 100
 *       records of 1000 bytes), while a broker reads bytes fresh from a socket buffer. Read the figures as the codec's
 *       CPU cost with warm caches, a lower bound.</li>
 *   <li><b>A consumed input.</b> {@link JsonCodec#decode} reads the body through a
 *       {@code ByteBufInputStream}, which moves the buffer's reader index to its end; a second
 *       call on the same buffer would decode zero bytes (JSON fails; protobuf, which reads
 *       {@code nioBuffer()} without moving the index, would silently parse whatever is readable).
 *       Each decode therefore first rewinds its buffer with {@code readerIndex(0)}: a field write,
 *       no allocation. {@code CodecBenchmarkTest} calls every decode twice to catch this.</li>
 *   <li><b>Wrong answers measured fast.</b> {@link #setup} checks that decode(encode(request))
 *       equals the request for both codecs and fails the trial otherwise, and the unit test runs
 *       every method once for every parameter combination, so a broken benchmark fails
 *       {@code ./mvnw verify} instead of printing a fast number.</li>
 * </ul>
 *
 * <p><b>How to run it</b> (from the repository root; builds every module, then runs JMH at the
 * workshop's {@code verify} phase in a forked JVM, through {@code exec:exec} so that JMH's own
 * fork gets the module's class path):
 * <pre>
 * ./mvnw -B -q verify -DskipTests -Pjmh
 * ./mvnw -B -q verify -DskipTests -Pjmh -Djmh.args="CodecBenchmark -f 1 -wi 3 -w 2s -i 5 -r 1s -prof gc"
 * ./mvnw -B -q verify -DskipTests -Pjmh -Djmh.args="CodecBenchmark.json -p recordsPerRequest=100 -prof gc"
 * </pre>
 * {@code jmh.args} is passed to {@code org.openjdk.jmh.Main} as is, split at spaces (its first
 * word is a regular expression over benchmark names; {@code -h} lists every option). This
 * machine has 2 cores and is shared: figures move by tens of percent between runs, so compare
 * rows of one run with each other, never with another run's, and do not run anything else
 * meanwhile. Shorter warm-ups than the default leave the JSON rows still compiling: their
 * per-iteration lines fall from one to the next and their {@code Error} is as large as the score. See "Microbenchmarks" in {@code workshop/README.md}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
// Short defaults, for a shared 2-core machine; -f/-wi/-i/-w/-r on the command line override them.
// Jackson's paths need about 5 s of warm-up here before their iterations stop falling; protobuf's less.
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
public class CodecBenchmark {

    /** Records in the one request each operation encodes or decodes. 1 is stage 0. */
    @Param({"1", "100"})
    public int recordsPerRequest;

    /** Value bytes of each record; the key is empty. 100 is the runner's default record.size. */
    @Param({"100", "1000"})
    public int valueSize;

    /** A timestamp of the current epoch, so that protobuf's varint is as long as in a real run. */
    static final long BASE_TIMESTAMP_MS = 1_764_000_000_000L;

    ProduceRequest request;
    ByteBuf jsonBody;
    ByteBuf protobufBody;

    /** Builds the request and both encoded bodies once per trial, and checks both round trips. */
    @Setup(Level.Trial)
    public void setup() {
        SplittableRandom random = new SplittableRandom(42);
        List<LogRecord> records = new ArrayList<>(recordsPerRequest);
        for (int i = 0; i < recordsPerRequest; i++) {
            byte[] value = new byte[valueSize];
            random.nextBytes(value);
            records.add(new LogRecord(new byte[0], value, BASE_TIMESTAMP_MS + i));
        }
        request = ProduceRequest.of(records);
        jsonBody = Unpooled.wrappedBuffer(JsonCodec.INSTANCE.encode(request));
        protobufBody = Unpooled.wrappedBuffer(ProtobufCodec.INSTANCE.encode(request));
        checkRoundTrip(JsonCodec.INSTANCE, jsonBody);
        checkRoundTrip(ProtobufCodec.INSTANCE, protobufBody);
    }

    private void checkRoundTrip(MessageCodec codec, ByteBuf body) {
        body.readerIndex(0);
        ProduceRequest decoded = codec.decode(ProduceRequest.class, body);
        if (!request.equals(decoded)) {
            throw new IllegalStateException(codec.encoding() + " does not round-trip the benchmark's request");
        }
    }

    /**
     * Counts records, so that JMH reports a secondary score {@code <benchmark>:records} in ns per
     * record next to the primary one in ns per request. Reset every iteration, as JMH requires.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class RecordCounter {
        public long records;

        @Setup(Level.Iteration)
        public void reset() {
            records = 0;
        }
    }

    /** The floor: a copy of each value, nothing else. Returns every copy, so none is dead code. */
    @Benchmark
    public byte[][] baselineCopyValues(RecordCounter counter) {
        counter.records += recordsPerRequest;
        List<LogRecord> records = request.records();
        byte[][] copies = new byte[records.size()][];
        for (int i = 0; i < copies.length; i++) {
            copies[i] = records.get(i).value().clone();
        }
        return copies;
    }

    @Benchmark
    public byte[] jsonEncode(RecordCounter counter) {
        counter.records += recordsPerRequest;
        return JsonCodec.INSTANCE.encode(request);
    }

    @Benchmark
    public ProduceRequest jsonDecode(RecordCounter counter) {
        counter.records += recordsPerRequest;
        jsonBody.readerIndex(0); // the previous call read it to the end
        return JsonCodec.INSTANCE.decode(ProduceRequest.class, jsonBody);
    }

    @Benchmark
    public byte[] protobufEncode(RecordCounter counter) {
        counter.records += recordsPerRequest;
        return ProtobufCodec.INSTANCE.encode(request);
    }

    @Benchmark
    public ProduceRequest protobufDecode(RecordCounter counter) {
        counter.records += recordsPerRequest;
        protobufBody.readerIndex(0); // the previous call read it to the end
        return ProtobufCodec.INSTANCE.decode(ProduceRequest.class, protobufBody);
    }
}
