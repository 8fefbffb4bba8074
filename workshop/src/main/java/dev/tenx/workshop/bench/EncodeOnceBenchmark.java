package dev.tenx.workshop.bench;

import dev.tenx.batching.BatchRecords;
import dev.tenx.batching.LogRecordList;
import dev.tenx.binary.EncodedRecords;
import dev.tenx.common.wire.JsonCodec;
import dev.tenx.common.wire.LogRecord;
import dev.tenx.common.wire.ProduceRequest;
import dev.tenx.common.wire.ProtobufCodec;
import dev.tenx.common.wire.RecordBatch;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * <b>The question.</b> Stage 3 claims two savings per record: the producer encodes a record once,
 * straight into its batch's buffer, instead of keeping a {@code LogRecord} object and encoding the
 * batch at send time; and the broker scans and validates a request by its tags and lengths
 * instead of decoding it into objects. How much does each save, in time and in allocation, per
 * record, with the round trip, the system calls and the fsyncs of a real run taken away?
 * ({@code CodecBenchmark} asks the wider question of JSON against protobuf for whole messages.)
 *
 * <p><b>What is measured</b>, one request of {@code recordsPerRequest} records per operation,
 * each record an empty key, {@code valueSize} random bytes and a current-epoch timestamp:
 * <ul>
 *   <li>{@link #baselineCopyValues}: the floor of both sides, every value copied once into one
 *       buffer; any encoder must at least do this.</li>
 *   <li>The producer: {@link #encodeOnceIntoBatch} (stage 3's {@code EncodedRecords}: each
 *       record written into the batch's buffer as it is appended, then the request body taken as
 *       a slice of it); {@link #objectsThenProtobufEncode} (stage 1's {@code LogRecordList} with
 *       the protobuf codec: an object per record, the batch encoded through protoc's builders when
 *       sent), which isolates the objects from the encoding; and {@link #objectsThenJsonEncode},
 *       stage 2's producer as it runs.</li>
 *   <li>The broker: {@link #scanAndValidate} (stage 3's broker, {@code decodeProduceRequest}: the
 *       records checked field by field and kept as a slice); {@link #protobufFullDecode} (the
 *       generated parser, every record an object); {@link #scanThenDecodeToObjects} (what stage
 *       3's broker still pays because stage 0's page store lays records out from objects: the scan,
 *       then every record decoded); and {@link #jsonDecodeProduceRequest}, stage 2's broker.</li>
 * </ul>
 *
 * <p><b>Reading it.</b> As in {@code CodecBenchmark}: the primary score is ns per request; the
 * {@code :records} line ({@link AuxCounters}) is already ns per record; under {@code -prof gc},
 * {@code gc.alloc.rate.norm} is bytes per request, to divide by {@code recordsPerRequest}.
 *
 * <p><b>Pitfalls</b> (the JMH samples {@code JMHSample_08}, {@code _09}, {@code _10}, {@code _38}):
 * <ul>
 *   <li><b>Dead code.</b> Every method returns what it built (the batch, the decoded request) or,
 *       where the result is a buffer it must release, a value computed from it after the work
 *       whose side effects (reference counts, reader indexes) the JIT cannot drop.</li>
 *   <li><b>Escape analysis flattering the encoder.</b> A batch built and dropped inside the method
 *       could, in principle, be scalar-replaced; returning the batch makes it escape, as it does
 *       in the producer, where the I/O thread takes it.</li>
 *   <li><b>Constant folding.</b> Inputs are non-final {@code @State} fields built in
 *       {@code @Setup} from {@code @Param}s.</li>
 *   <li><b>A consumed input.</b> {@code decodeProduceRequest} and JSON's decode move the body's
 *       reader index to its end; each call rewinds it first ({@code readerIndex(0)}), and the unit
 *       test calls every broker method twice to catch a benchmark that measures an empty body.</li>
 *   <li><b>Heap bodies where the broker has direct ones.</b> Netty reads a socket into a direct
 *       buffer, and protobuf-java 4.x's {@code CodedInputStream}, given a direct buffer, first
 *       copies all of it into an array; on a heap body that copy disappears. The bodies here are
 *       direct, as the broker's are, so {@link #protobufFullDecode} pays the copy the generated
 *       parser pays in a broker, and {@link #scanAndValidate} shows that the scan
 *       ({@code ProtobufReader}) does not.</li>
 *   <li><b>Reused inputs</b> stay in the CPU caches, as in {@code CodecBenchmark}: read the figures
 *       as the cost with warm caches, a lower bound.</li>
 * </ul>
 *
 * <p><b>How to run it</b> (about 6 minutes with the defaults below; compare rows of one run only,
 * this machine being shared):
 * <pre>
 * ./mvnw -B -q verify -DskipTests -Pjmh -Djmh.args="EncodeOnceBenchmark -prof gc"
 * ./mvnw -B -q verify -DskipTests -Pjmh -Djmh.args="EncodeOnceBenchmark -p recordsPerRequest=100 -p valueSize=100 -prof gc"
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
public class EncodeOnceBenchmark {

    /** Records per request: 1 shows the per-request part of each cost, 100 about what a 16 KiB batch holds. */
    @Param({"1", "100"})
    public int recordsPerRequest;

    /** Value bytes of each record; the key is empty. 100 is the runner's default record.size. */
    @Param({"100", "1000"})
    public int valueSize;

    static final long BASE_TIMESTAMP_MS = 1_764_000_000_000L;
    /** A producer id and sequence of the size stage 2's random ids have: a nine-byte varint. */
    static final long PRODUCER_ID = Long.MAX_VALUE / 3;
    static final int BASE_SEQUENCE = 1_000_000;
    /** Every record's key: empty, as the runner sends. */
    private static final byte[] NO_KEY = new byte[0];

    List<LogRecord> records;
    ProduceRequest request;
    ByteBuf protobufBody;
    ByteBuf jsonBody;
    private BatchRecords.Factory encodeOnce;
    private BatchRecords.Factory protobufObjects;
    private BatchRecords.Factory jsonObjects;
    private int batchCapacityBytes;

    @Setup(Level.Trial)
    public void setup() {
        SplittableRandom random = new SplittableRandom(recordsPerRequest * 31L + valueSize);
        records = new ArrayList<>(recordsPerRequest);
        for (int i = 0; i < recordsPerRequest; i++) {
            byte[] value = new byte[valueSize];
            random.nextBytes(value);
            records.add(new LogRecord(NO_KEY, value, BASE_TIMESTAMP_MS + i));
        }
        request = new ProduceRequest(PRODUCER_ID, BASE_SEQUENCE, records);
        protobufBody = directCopyOf(ProtobufCodec.INSTANCE.encode(request));
        jsonBody = directCopyOf(JsonCodec.INSTANCE.encode(request));
        encodeOnce = EncodedRecords.factory(ProtobufCodec.INSTANCE);
        protobufObjects = LogRecordList.encodedAtSendBy(ProtobufCodec.INSTANCE);
        jsonObjects = LogRecordList.encodedAtSendBy(JsonCodec.INSTANCE);
        batchCapacityBytes = recordsPerRequest * ProtobufCodec.INSTANCE.recordSizeUpperBound(0, valueSize);
    }

    /** A body where the broker finds it: Netty reads sockets into direct buffers. */
    private static ByteBuf directCopyOf(byte[] bytes) {
        return Unpooled.directBuffer(bytes.length).writeBytes(bytes);
    }

    /** Gives the bodies back once the trial is over. */
    @TearDown(Level.Trial)
    public void tearDown() {
        protobufBody.release();
        jsonBody.release();
    }

    /** Counts records, for the {@code :records} line in ns per record. Reset every iteration, as JMH requires. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class RecordCounter {
        public long records;

        @Setup(Level.Iteration)
        public void reset() {
            records = 0;
        }
    }

    /** The floor: every value copied once into one new buffer. */
    @Benchmark
    public byte[] baselineCopyValues(RecordCounter counter) {
        counter.records += recordsPerRequest;
        byte[] out = new byte[recordsPerRequest * valueSize];
        int at = 0;
        for (LogRecord r : records) {
            System.arraycopy(r.value(), 0, out, at, r.value().length);
            at += r.value().length;
        }
        return out;
    }

    @Benchmark
    public BatchRecords encodeOnceIntoBatch(RecordCounter counter) {
        return fillAndTakeBody(encodeOnce, counter);
    }

    @Benchmark
    public BatchRecords objectsThenProtobufEncode(RecordCounter counter) {
        return fillAndTakeBody(protobufObjects, counter);
    }

    @Benchmark
    public BatchRecords objectsThenJsonEncode(RecordCounter counter) {
        return fillAndTakeBody(jsonObjects, counter);
    }

    /** What a producer does per batch: {@code send()} per record, then the request body once. */
    private BatchRecords fillAndTakeBody(BatchRecords.Factory factory, RecordCounter counter) {
        counter.records += recordsPerRequest;
        BatchRecords batch = factory.create(batchCapacityBytes);
        for (LogRecord r : records) {
            batch.append(r.key(), r.value(), r.timestampMs());
        }
        batch.requestBody(PRODUCER_ID, BASE_SEQUENCE).release();
        return batch;
    }

    @Benchmark
    public int scanAndValidate(RecordCounter counter) {
        counter.records += recordsPerRequest;
        protobufBody.readerIndex(0); // the previous call read it to the end
        RecordBatch batch = ProtobufCodec.INSTANCE.decodeProduceRequest(protobufBody);
        int count = batch.recordCount() + batch.sizeInBytes();
        batch.release();
        return count;
    }

    @Benchmark
    public ProduceRequest protobufFullDecode(RecordCounter counter) {
        counter.records += recordsPerRequest;
        protobufBody.readerIndex(0);
        return ProtobufCodec.INSTANCE.decode(ProduceRequest.class, protobufBody);
    }

    @Benchmark
    public List<LogRecord> scanThenDecodeToObjects(RecordCounter counter) {
        counter.records += recordsPerRequest;
        protobufBody.readerIndex(0);
        RecordBatch batch = ProtobufCodec.INSTANCE.decodeProduceRequest(protobufBody);
        try {
            return batch.decodedRecords(ProtobufCodec.INSTANCE);
        } finally {
            batch.release();
        }
    }

    @Benchmark
    public List<LogRecord> jsonDecodeProduceRequest(RecordCounter counter) {
        counter.records += recordsPerRequest;
        jsonBody.readerIndex(0);
        RecordBatch batch = JsonCodec.INSTANCE.decodeProduceRequest(jsonBody);
        try {
            return batch.decodedRecords(JsonCodec.INSTANCE);
        } finally {
            batch.release();
        }
    }
}
