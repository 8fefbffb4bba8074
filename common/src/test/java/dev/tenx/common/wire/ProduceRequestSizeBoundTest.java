package dev.tenx.common.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The size bounds a batching producer relies on hold in both encodings, at the extremes of
 * every number and across the lengths where base64 and varints change width. A bound that is
 * too low would let a batch exceed max.request.size; this test fails then.
 */
class ProduceRequestSizeBoundTest {

    private static final int[] LENGTHS = {0, 1, 2, 3, 4, 127, 128, 129, 16_383, 16_384, 16_385, 100_000};
    private static final long[] TIMESTAMPS = {0, -1, Long.MIN_VALUE, Long.MAX_VALUE};

    static Stream<Arguments> codecs() {
        return Stream.of(Arguments.of(JsonCodec.INSTANCE), Arguments.of(ProtobufCodec.INSTANCE));
    }

    @ParameterizedTest
    @MethodSource("codecs")
    void anEmptyRequestFitsTheOverheadBound(MessageCodec codec) {
        for (ProduceRequest request : List.of(ProduceRequest.of(List.of()),
                new ProduceRequest(Long.MIN_VALUE, Integer.MIN_VALUE, List.of()),
                new ProduceRequest(Long.MAX_VALUE, Integer.MAX_VALUE, List.of()))) {
            assertThat(codec.encode(request).length).as("%s", request)
                    .isLessThanOrEqualTo(codec.produceRequestOverheadUpperBound());
        }
    }

    @ParameterizedTest
    @MethodSource("codecs")
    void everyRecordFitsItsBound(MessageCodec codec) {
        for (int keyLength : LENGTHS) {
            for (int valueLength : LENGTHS) {
                for (long timestamp : TIMESTAMPS) {
                    List<LogRecord> records = new ArrayList<>();
                    int bound = codec.produceRequestOverheadUpperBound();
                    for (int i = 0; i < 3; i++) {
                        records.add(new LogRecord(new byte[keyLength], new byte[valueLength], timestamp));
                        bound += codec.recordSizeUpperBound(keyLength, valueLength);
                    }
                    int encoded = codec.encode(new ProduceRequest(Long.MIN_VALUE, Integer.MIN_VALUE, records)).length;
                    assertThat(encoded).as("3 records, key=%d B, value=%d B, timestampMs=%d", keyLength, valueLength,
                            timestamp).isLessThanOrEqualTo(bound);
                }
            }
        }
    }
}
