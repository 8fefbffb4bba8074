package dev.tenx.common.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The frame layout, byte for byte: the offsets, and known frames as they travel. */
class FrameDescriptorTest {

    @Test
    void fieldsSitAtTheDocumentedOffsets() {
        assertThat(FrameDescriptor.LENGTH_OFFSET).isZero();
        assertThat(FrameDescriptor.MAGIC_OFFSET).isEqualTo(4);
        assertThat(FrameDescriptor.ENCODING_OFFSET).isEqualTo(5);
        assertThat(FrameDescriptor.API_KEY_OFFSET).isEqualTo(6);
        assertThat(FrameDescriptor.CORRELATION_ID_OFFSET).isEqualTo(8);
        assertThat(FrameDescriptor.BODY_OFFSET).isEqualTo(12);
        assertThat(FrameDescriptor.HEADER_LENGTH).isEqualTo(12);
        assertThat(FrameDescriptor.MIN_LENGTH_FIELD_VALUE).isEqualTo(8);
    }

    @Test
    void theLengthFieldCountsEverythingAfterItself() {
        assertThat(FrameDescriptor.lengthFieldValue(5)).as("length field for a 5-byte body").isEqualTo(13);
        assertThat(FrameDescriptor.frameLength(5)).as("whole frame for a 5-byte body").isEqualTo(17);
    }

    @Test
    void writeHeaderWritesTheDocumentedBytes() {
        ByteBuf header = Unpooled.buffer();

        FrameDescriptor.writeHeader(header, 5, Encoding.JSON, ApiKey.FETCH, 7);

        assertThat(ByteBufUtil.hexDump(header)).as("header: len=13, magic, JSON, FETCH, corr=7")
                .isEqualTo("0000000d" + "71" + "00" + "0001" + "00000007");
    }

    @Test
    void aJsonStatsRequestFrameIsExactlyTheseBytes() {
        byte[] frame = Frames.toArray(JsonCodec.INSTANCE, ApiKey.STATS, 42, new StatsRequest());

        assertThat(HexFormat.of().formatHex(frame)).as("BEFORE: StatsRequest, corr=42; AFTER: bytes on the wire")
                .isEqualTo("0000000a" + "71" + "00" + "0002" + "0000002a" + "7b7d");
    }

    @Test
    void aProtobufStatsRequestFrameHasAnEmptyBody() {
        byte[] frame = Frames.toArray(ProtobufCodec.INSTANCE, ApiKey.STATS, 42, new StatsRequest());

        assertThat(HexFormat.of().formatHex(frame)).isEqualTo("00000008" + "71" + "01" + "0002" + "0000002a");
    }

    @Test
    void readersFindEachFieldOfAFrameThatDoesNotStartAtIndexZero() {
        ByteBuf in = Unpooled.buffer();
        in.writeBytes(new byte[3]);
        FrameDescriptor.writeHeader(in, 5, Encoding.PROTOBUF, ApiKey.PRODUCE, -9);

        assertThat(FrameDescriptor.length(in, 3)).isEqualTo(13);
        assertThat(FrameDescriptor.magic(in, 3)).isEqualTo(FrameDescriptor.MAGIC);
        assertThat(FrameDescriptor.encodingId(in, 3)).isEqualTo(Encoding.PROTOBUF.id());
        assertThat(FrameDescriptor.apiKeyId(in, 3)).isEqualTo(ApiKey.PRODUCE.id());
        assertThat(FrameDescriptor.correlationId(in, 3)).isEqualTo(-9);
    }

    @Test
    void idsMapBackToTheirEnumsAndUnknownIdsToNull() {
        for (ApiKey key : ApiKey.values()) {
            assertThat(ApiKey.fromId(key.id())).isEqualTo(key);
        }
        for (Encoding encoding : Encoding.values()) {
            assertThat(Encoding.fromId(encoding.id())).isEqualTo(encoding);
        }
        assertThat(ApiKey.fromId((short) 99)).isNull();
        assertThat(Encoding.fromId((byte) 42)).isNull();
    }
}
