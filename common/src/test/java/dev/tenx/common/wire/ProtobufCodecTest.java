package dev.tenx.common.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The protobuf encoding's bytes for a known message, and what it refuses as corrupt. */
class ProtobufCodecTest {

    @Test
    void aProduceRequestEncodesAsProtocWould() {
        ProduceRequest request = new ProduceRequest(1, 2, List.of(new LogRecord(new byte[] {'k'}, new byte[] {'v'}, 7)));

        assertThat(HexFormat.of().formatHex(ProtobufCodec.INSTANCE.encode(request)))
                .as("producer_id=1, base_sequence=2, records[0]={key=k, value=v, timestamp_ms=7}")
                .isEqualTo("0801" + "1002" + "7a08" + "0a016b" + "120176" + "1807");
    }

    @Test
    void fieldNumberZeroIsCorrupt() {
        assertCorrupt(ProduceRequest.class, new byte[] {0x00});
    }

    @Test
    void aRecordCutShortIsCorrupt() {
        assertCorrupt(ProduceRequest.class, new byte[] {0x7A, 0x05, 0x0A});
    }

    @Test
    void aVarintThatNeverEndsIsCorrupt() {
        assertCorrupt(ProduceRequest.class, new byte[] {0x08, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
    }

    @Test
    void anUnknownErrorCodeNumberIsCorrupt() {
        assertCorrupt(ErrorResponse.class, new byte[] {0x08, 0x63});
    }

    private static void assertCorrupt(Class<? extends Message> type, byte[] body) {
        ProtocolException e = catchThrowableOfType(ProtocolException.class,
                () -> ProtobufCodec.INSTANCE.decode(type, Unpooled.wrappedBuffer(body)));

        assertThat(e).as("what decoding %s as %s throws", HexFormat.of().formatHex(body), type.getSimpleName())
                .isNotNull();
        assertThat(e.errorCode()).isEqualTo(ErrorCode.CORRUPT_MESSAGE);
    }
}
