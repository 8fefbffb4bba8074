package dev.tenx.zerocopy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenx.common.broker.FetchResult;
import dev.tenx.common.broker.FileRange;
import dev.tenx.common.broker.StoredRecords;
import dev.tenx.common.wire.FrameDescriptor;
import dev.tenx.common.wire.JsonCodec;
import dev.tenx.common.wire.LogRecord;
import dev.tenx.common.wire.MessageCodec;
import dev.tenx.common.wire.ProtobufCodec;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerAdapter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the writer puts on a channel: header and envelope, then the stored range untouched; or, where it cannot, one copy. */
class ZeroCopyResponseWriterTest {

    private static final int CORRELATION_ID = 7;
    private static final int RANGE_POSITION = 100;
    private static final int RANGE_LENGTH = 300;

    @TempDir
    Path dir;

    private final ZeroCopyResponseWriter writer = new ZeroCopyResponseWriter();

    @Test
    void aFileRangeGoesOutAsAFileRegionBehindItsHeaderAndEnvelope() throws Exception {
        try (FileChannel file = fileOf(RANGE_POSITION + RANGE_LENGTH)) {
            EmbeddedChannel channel = new EmbeddedChannel(new ChannelHandlerAdapter() { });
            ChannelHandlerContext ctx = channel.pipeline().firstContext();
            MessageCodec codec = ProtobufCodec.INSTANCE;
            FetchResult result = FetchResult.ok(StoredRecords.inFile(5, 3,
                    new FileRange(file, RANGE_POSITION, RANGE_LENGTH)), 8);

            writer.writeFetch(ctx, codec, CORRELATION_ID, result);

            ByteBuf head = channel.readOutbound();
            Object records = channel.readOutbound();
            try {
                int envelopeBytes = codec.encode(result.envelope()).length;
                assertThat(head.readableBytes()).as("header and envelope, nothing more")
                        .isEqualTo(FrameDescriptor.HEADER_LENGTH + envelopeBytes);
                assertThat(FrameDescriptor.length(head, 0)).as("Length counts the records sent after it")
                        .isEqualTo(FrameDescriptor.lengthFieldValue(envelopeBytes + RANGE_LENGTH));
                assertThat(records).isInstanceOf(StoredRegion.class);
                StoredRegion region = (StoredRegion) records;
                assertThat(region.position()).isEqualTo(RANGE_POSITION);
                assertThat(region.count()).isEqualTo(RANGE_LENGTH);
                assertThat(channel.outboundMessages()).as("nothing else written").isEmpty();
            } finally {
                head.release();
                ReferenceCountUtil.release(records);
            }
            assertThat(file.isOpen()).as("the region leaves the log's file open").isTrue();
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void aCodecWhoseRecordsDoNotFollowTheEnvelopeIsCopiedIntoOneFrame() {
        EmbeddedChannel channel = new EmbeddedChannel(new ChannelHandlerAdapter() { });
        ChannelHandlerContext ctx = channel.pipeline().firstContext();
        MessageCodec json = JsonCodec.INSTANCE;
        List<LogRecord> records = List.of(new LogRecord(new byte[] {1}, new byte[] {2, 3}, 4));
        FetchResult result = FetchResult.ok(new StoredRecords(0, 1, json.encodeRecords(records)), 1);

        writer.writeFetch(ctx, json, CORRELATION_ID, result);

        ByteBuf frame = channel.readOutbound();
        try {
            assertThat(channel.outboundMessages()).as("one frame, the records copied into it").isEmpty();
            ByteBuf body = frame.slice(FrameDescriptor.BODY_OFFSET, frame.readableBytes() - FrameDescriptor.HEADER_LENGTH);
            assertThat(json.decode(dev.tenx.common.wire.FetchResponse.class, body).records()).isEqualTo(records);
        } finally {
            frame.release();
        }
        channel.finishAndReleaseAll();
    }

    private FileChannel fileOf(int bytes) throws Exception {
        Path path = Files.createTempFile(dir, "segment", ".log");
        FileChannel file = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        file.write(ByteBuffer.allocate(bytes), 0);
        return file;
    }
}
