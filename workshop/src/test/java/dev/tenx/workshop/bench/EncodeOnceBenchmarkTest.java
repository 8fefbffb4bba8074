package dev.tenx.workshop.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenx.batching.BatchRecords;
import dev.tenx.common.wire.JsonCodec;
import dev.tenx.common.wire.MessageCodec;
import dev.tenx.common.wire.ProduceRequest;
import dev.tenx.common.wire.ProtobufCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openjdk.jmh.annotations.Param;

/**
 * Runs every {@link EncodeOnceBenchmark} method once, directly, for every combination of its
 * {@code @Param} values, and checks that each does what it claims to measure: the three producer
 * paths build the request the broker expects, the encode-once one byte for byte as protoc would,
 * and the broker paths read the whole request, twice in a row (a decode that left its input
 * consumed would read nothing the second time). No timing here.
 */
class EncodeOnceBenchmarkTest {

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
        Field f = EncodeOnceBenchmark.class.getField(field);
        return f.getAnnotation(Param.class).value();
    }

    private static EncodeOnceBenchmark benchmark(int recordsPerRequest, int valueSize) {
        EncodeOnceBenchmark b = new EncodeOnceBenchmark();
        b.recordsPerRequest = recordsPerRequest;
        b.valueSize = valueSize;
        b.setup();
        return b;
    }

    @ParameterizedTest(name = "recordsPerRequest={0}, valueSize={1}")
    @MethodSource("params")
    void baselineCopiesEveryValueOnce(int recordsPerRequest, int valueSize) {
        EncodeOnceBenchmark b = benchmark(recordsPerRequest, valueSize);
        EncodeOnceBenchmark.RecordCounter counter = new EncodeOnceBenchmark.RecordCounter();

        byte[] copied = b.baselineCopyValues(counter);

        assertThat(copied).hasSize(recordsPerRequest * valueSize);
        assertThat(copied).startsWith(b.records.get(0).value()).endsWith(b.records.get(recordsPerRequest - 1).value());
        assertThat(counter.records).isEqualTo(recordsPerRequest);
        b.tearDown();
    }

    @ParameterizedTest(name = "recordsPerRequest={0}, valueSize={1}")
    @MethodSource("params")
    void everyProducerPathBuildsTheRequestTheBrokerExpects(int recordsPerRequest, int valueSize) {
        EncodeOnceBenchmark b = benchmark(recordsPerRequest, valueSize);
        EncodeOnceBenchmark.RecordCounter counter = new EncodeOnceBenchmark.RecordCounter();

        assertThat(body(b.encodeOnceIntoBatch(counter))).as("encode once: protoc's bytes")
                .isEqualTo(ProtobufCodec.INSTANCE.encode(b.request));
        assertThat(decoded(ProtobufCodec.INSTANCE, b.objectsThenProtobufEncode(counter))).isEqualTo(b.request);
        assertThat(decoded(JsonCodec.INSTANCE, b.objectsThenJsonEncode(counter))).isEqualTo(b.request);
        assertThat(counter.records).isEqualTo(3L * recordsPerRequest);
        b.tearDown();
    }

    @ParameterizedTest(name = "recordsPerRequest={0}, valueSize={1}")
    @MethodSource("params")
    void everyBrokerPathReadsTheWholeRequestEveryTime(int recordsPerRequest, int valueSize) {
        EncodeOnceBenchmark b = benchmark(recordsPerRequest, valueSize);
        EncodeOnceBenchmark.RecordCounter counter = new EncodeOnceBenchmark.RecordCounter();
        int recordsBytes = b.protobufBody.readableBytes() - ProtobufCodec.INSTANCE.encode(
                new ProduceRequest(EncodeOnceBenchmark.PRODUCER_ID, EncodeOnceBenchmark.BASE_SEQUENCE, List.of())).length;

        for (int call = 0; call < 2; call++) {
            assertThat(b.scanAndValidate(counter)).as("records + their bytes, call %d", call)
                    .isEqualTo(recordsPerRequest + recordsBytes);
            assertThat(b.protobufFullDecode(counter)).as("full decode, call %d", call).isEqualTo(b.request);
            assertThat(b.scanThenDecodeToObjects(counter)).as("scan, then objects, call %d", call)
                    .isEqualTo(b.records);
            assertThat(b.jsonDecodeProduceRequest(counter)).as("JSON, call %d", call).isEqualTo(b.records);
        }
        assertThat(b.protobufBody.refCnt()).as("the body's references after every batch was released").isOne();
        assertThat(b.protobufBody.isDirect()).as("a body where the broker finds it, in a direct buffer").isTrue();
        assertThat(counter.records).isEqualTo(8L * recordsPerRequest);
        b.tearDown();
    }

    private static byte[] body(BatchRecords batch) {
        ByteBuf body = batch.requestBody(EncodeOnceBenchmark.PRODUCER_ID, EncodeOnceBenchmark.BASE_SEQUENCE);
        try {
            return ByteBufUtil.getBytes(body);
        } finally {
            body.release();
        }
    }

    private static ProduceRequest decoded(MessageCodec codec, BatchRecords batch) {
        ByteBuf body = batch.requestBody(EncodeOnceBenchmark.PRODUCER_ID, EncodeOnceBenchmark.BASE_SEQUENCE);
        try {
            return codec.decode(ProduceRequest.class, body);
        } finally {
            body.release();
        }
    }
}
