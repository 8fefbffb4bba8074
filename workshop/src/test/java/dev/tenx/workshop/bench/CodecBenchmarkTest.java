package dev.tenx.workshop.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenx.common.wire.JsonCodec;
import dev.tenx.common.wire.LogRecord;
import dev.tenx.common.wire.ProduceRequest;
import dev.tenx.common.wire.ProtobufCodec;
import io.netty.buffer.Unpooled;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openjdk.jmh.annotations.Param;

/**
 * Runs every {@link CodecBenchmark} method once, directly (not through JMH), for every
 * combination of its {@code @Param} values, and checks that each returns what it claims to
 * measure, so that a broken benchmark fails the build instead of printing a fast number.
 * No timing here: performance goals belong in benchmarks, never in unit tests.
 */
class CodecBenchmarkTest {

    /** Every combination of the benchmark's own {@code @Param} values, read from its annotations. */
    static Stream<Arguments> params() throws NoSuchFieldException {
        List<Arguments> out = new ArrayList<>();
        for (String records : paramValues("recordsPerRequest")) {
            for (String size : paramValues("valueSize")) {
                out.add(Arguments.of(Integer.parseInt(records), Integer.parseInt(size)));
            }
        }
        return out.stream();
    }

    private static String[] paramValues(String field) throws NoSuchFieldException {
        Field f = CodecBenchmark.class.getField(field);
        return f.getAnnotation(Param.class).value();
    }

    private static CodecBenchmark benchmark(int recordsPerRequest, int valueSize) {
        CodecBenchmark b = new CodecBenchmark();
        b.recordsPerRequest = recordsPerRequest;
        b.valueSize = valueSize;
        b.setup();
        return b;
    }

    @ParameterizedTest(name = "recordsPerRequest={0}, valueSize={1}")
    @MethodSource("params")
    void theRequestHasTheShapeItsParametersSay(int recordsPerRequest, int valueSize) {
        CodecBenchmark b = benchmark(recordsPerRequest, valueSize);

        assertThat(b.request.records()).hasSize(recordsPerRequest);
        for (LogRecord r : b.request.records()) {
            assertThat(r.key()).isEmpty();
            assertThat(r.value()).hasSize(valueSize);
        }
    }

    @ParameterizedTest(name = "recordsPerRequest={0}, valueSize={1}")
    @MethodSource("params")
    void baselineReturnsACopyOfEveryValue(int recordsPerRequest, int valueSize) {
        CodecBenchmark b = benchmark(recordsPerRequest, valueSize);
        CodecBenchmark.RecordCounter counter = new CodecBenchmark.RecordCounter();

        byte[][] copies = b.baselineCopyValues(counter);

        assertThat(copies.length).isEqualTo(recordsPerRequest);
        for (int i = 0; i < recordsPerRequest; i++) {
            byte[] value = b.request.records().get(i).value();
            assertThat(copies[i]).isEqualTo(value).isNotSameAs(value);
        }
        assertThat(counter.records).isEqualTo(recordsPerRequest);
    }

    @ParameterizedTest(name = "recordsPerRequest={0}, valueSize={1}")
    @MethodSource("params")
    void jsonEncodeAndDecodeRoundTrip(int recordsPerRequest, int valueSize) {
        CodecBenchmark b = benchmark(recordsPerRequest, valueSize);
        CodecBenchmark.RecordCounter counter = new CodecBenchmark.RecordCounter();

        byte[] body = b.jsonEncode(counter);

        assertThat(JsonCodec.INSTANCE.decode(ProduceRequest.class, Unpooled.wrappedBuffer(body)))
                .isEqualTo(b.request);
        // Twice: the decode benchmark reuses one buffer, which JSON decoding reads to its end.
        assertThat(b.jsonDecode(counter)).isEqualTo(b.request);
        assertThat(b.jsonDecode(counter)).isEqualTo(b.request);
        assertThat(counter.records).isEqualTo(3L * recordsPerRequest);
    }

    @ParameterizedTest(name = "recordsPerRequest={0}, valueSize={1}")
    @MethodSource("params")
    void protobufEncodeAndDecodeRoundTrip(int recordsPerRequest, int valueSize) {
        CodecBenchmark b = benchmark(recordsPerRequest, valueSize);
        CodecBenchmark.RecordCounter counter = new CodecBenchmark.RecordCounter();

        byte[] body = b.protobufEncode(counter);

        assertThat(ProtobufCodec.INSTANCE.decode(ProduceRequest.class, Unpooled.wrappedBuffer(body)))
                .isEqualTo(b.request);
        assertThat(b.protobufDecode(counter)).isEqualTo(b.request);
        assertThat(b.protobufDecode(counter)).isEqualTo(b.request);
        assertThat(counter.records).isEqualTo(3L * recordsPerRequest);
    }

    @ParameterizedTest(name = "recordsPerRequest={0}, valueSize={1}")
    @MethodSource("params")
    void theTwoCodecsMeasureDifferentBodiesOfTheSameRequest(int recordsPerRequest, int valueSize) {
        CodecBenchmark b = benchmark(recordsPerRequest, valueSize);
        CodecBenchmark.RecordCounter counter = new CodecBenchmark.RecordCounter();

        byte[] json = b.jsonEncode(counter);
        byte[] protobuf = b.protobufEncode(counter);

        // base64 alone makes JSON at least 4/3 of the value bytes; protobuf carries them raw.
        assertThat(json.length).isGreaterThan(recordsPerRequest * valueSize * 4 / 3);
        assertThat(protobuf.length).isGreaterThanOrEqualTo(recordsPerRequest * valueSize)
                .isLessThan(json.length);
    }
}
