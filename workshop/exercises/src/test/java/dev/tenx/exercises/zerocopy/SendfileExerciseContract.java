package dev.tenx.exercises.zerocopy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenx.common.broker.FetchResult;
import dev.tenx.common.broker.FileRange;
import dev.tenx.common.broker.ResponseWriter;
import dev.tenx.common.broker.StoredRecords;
import dev.tenx.common.wire.ApiKey;
import dev.tenx.common.wire.ErrorCode;
import dev.tenx.common.wire.FetchResponse;
import dev.tenx.common.wire.FrameDescriptor;
import dev.tenx.common.wire.JsonCodec;
import dev.tenx.common.wire.LogRecord;
import dev.tenx.common.wire.MessageCodec;
import dev.tenx.common.wire.ProtobufCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerAdapter;
import io.netty.channel.FileRegion;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the broker's fetch response writer must put on a connection (exercise 5,
 * {@link SendfileExercise}): on an embedded channel, which keeps what is written and flushed, over
 * a segment file that holds three stored records at {@value #RANGE_POSITION}. Each test reads the
 * messages back, sends a file region's bytes the way a socket would take them, and decodes the
 * whole as the client would; it also checks that the writer kept no reference to what it was given.
 */
abstract class SendfileExerciseContract {

    private static final int CORRELATION_ID = 7;
    private static final long BASE_OFFSET = 5;
    private static final long LOG_END_OFFSET = 8;
    private static final int RANGE_POSITION = 100;
    private static final List<LogRecord> RECORDS = List.of(
            new LogRecord(new byte[] {1}, new byte[] {2, 3}, 4),
            new LogRecord(new byte[0], new byte[300], 1_764_000_000_000L),
            new LogRecord(new byte[] {5, 6}, new byte[] {7}, -1));

    @TempDir
    Path dir;

    private final List<ByteBuf> given = new ArrayList<>();
    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private ResponseWriter writer;
    private FileChannel segment;
    private byte[] stored;

    /** The response writer under test. */
    protected abstract ResponseWriter newWriter();

    @BeforeEach
    void aSegmentWithStoredRecords() throws IOException {
        writer = newWriter();
        stored = protobufRecords();
        segment = FileChannel.open(dir.resolve("00000000000000000000.log"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        segment.write(ByteBuffer.wrap(new byte[RANGE_POSITION]), 0);
        segment.write(ByteBuffer.wrap(stored), RANGE_POSITION);
        segment.write(ByteBuffer.wrap(new byte[] {(byte) 0xEE, (byte) 0xEE}), RANGE_POSITION + stored.length);
    }

    @AfterEach
    void releaseEverything() throws IOException {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
        for (ByteBuf buf : given) {
            if (buf.refCnt() > 0) {
                buf.release(buf.refCnt()); // reported by the test's own assertion; not left to the leak detector
            }
        }
        segment.close();
    }

    @Test
    void aFileRangeGoesOutAsAFileRegionBehindItsHeaderAndEnvelope() throws IOException {
        EmbeddedChannel channel = plainChannel();
        FetchResult result = FetchResult.ok(StoredRecords.inFile(BASE_OFFSET, RECORDS.size(),
                new FileRange(segment, RANGE_POSITION, stored.length)), LOG_END_OFFSET);
        int envelopeBytes = ProtobufCodec.INSTANCE.encode(result.envelope()).length;

        writer.writeFetch(channel.pipeline().firstContext(), ProtobufCodec.INSTANCE, CORRELATION_ID, result);

        List<Object> written = writtenAndFlushed(channel);
        try {
            assertThat(written).as("messages written and flushed: the header and envelope, then the records")
                    .hasSize(2);
            assertThat(written.get(0)).as("the first message").isInstanceOf(ByteBuf.class);
            ByteBuf head = (ByteBuf) written.get(0);
            assertThat(head.readableBytes()).as("the first message: the %d-byte header and the %d-byte envelope, "
                    + "no record", FrameDescriptor.HEADER_LENGTH, envelopeBytes)
                    .isEqualTo(FrameDescriptor.HEADER_LENGTH + envelopeBytes);
            assertThat(FrameDescriptor.length(head, head.readerIndex())).as("its Length: counts the records sent after it")
                    .isEqualTo(FrameDescriptor.lengthFieldValue(envelopeBytes + stored.length));
            assertThat(written.get(1)).as("the second message: the stored range, for sendfile")
                    .isInstanceOf(FileRegion.class);
            FileRegion region = (FileRegion) written.get(1);
            assertThat(region.position()).as("the region's position in the segment").isEqualTo(RANGE_POSITION);
            assertThat(region.count()).as("the region's bytes").isEqualTo(stored.length);
        } finally {
            written.forEach(ReferenceCountUtil::release);
        }
        assertThat(segment.isOpen()).as("the segment file once the region is released: the log keeps it open "
                + "for every fetch and append (Netty's DefaultFileRegion closes its file)").isTrue();
    }

    @Test
    void theRegionSendsTheStoredBytesAndTheWholeResponseDecodes() throws IOException {
        EmbeddedChannel channel = plainChannel();
        FetchResult result = FetchResult.ok(StoredRecords.inFile(BASE_OFFSET, RECORDS.size(),
                new FileRange(segment, RANGE_POSITION, stored.length)), LOG_END_OFFSET);

        writer.writeFetch(channel.pipeline().firstContext(), ProtobufCodec.INSTANCE, CORRELATION_ID, result);

        assertThat(decodeFetch(ProtobufCodec.INSTANCE, sent(writtenAndFlushed(channel))))
                .as("the fetch response the client decodes from the bytes sent")
                .isEqualTo(FetchResponse.ok(BASE_OFFSET, LOG_END_OFFSET, RECORDS));
    }

    @Test
    void recordsInMemoryGoAsTheStoresOwnBufferBehindTheEnvelope() throws IOException {
        EmbeddedChannel channel = plainChannel();
        ByteBuf records = given(Unpooled.directBuffer(stored.length).writeBytes(stored));
        FetchResult result = FetchResult.ok(new StoredRecords(BASE_OFFSET, RECORDS.size(), records), LOG_END_OFFSET);

        writer.writeFetch(channel.pipeline().firstContext(), ProtobufCodec.INSTANCE, CORRELATION_ID, result);

        List<Object> written = writtenAndFlushed(channel);
        assertThat(written).as("messages written and flushed: the header and envelope, then the records").hasSize(2);
        Object second = written.get(1);
        assertThat(second).as("the second message: the store's own buffer").isInstanceOf(ByteBuf.class);
        assertThat(second == records || ((ByteBuf) second).unwrap() == records)
                .as("the second message is the store's buffer, or a view of it: a gather write, not a copy").isTrue();
        assertThat(decodeFetch(ProtobufCodec.INSTANCE, sent(written))).as("the fetch response decoded")
                .isEqualTo(FetchResponse.ok(BASE_OFFSET, LOG_END_OFFSET, RECORDS));
        assertThat(records.refCnt()).as("references to the store's buffer left once the channel released what it "
                + "wrote: the writer hands it on and keeps none").isZero();
    }

    @Test
    void underTlsTheStoredRangeIsReadAndCopiedIntoOneFrame() throws IOException {
        EmbeddedChannel channel = tlsChannel();
        FetchResult result = FetchResult.ok(StoredRecords.inFile(BASE_OFFSET, RECORDS.size(),
                new FileRange(segment, RANGE_POSITION, stored.length)), LOG_END_OFFSET);

        writer.writeFetch(channel.pipeline().firstContext(), ProtobufCodec.INSTANCE, CORRELATION_ID, result);

        List<Object> written = writtenAndFlushed(channel);
        assertThat(written).as("messages written and flushed under TLS: the encrypting handler must see every "
                + "byte, so one frame with the records copied in").hasSize(1);
        assertThat(written.get(0)).as("the one message under TLS: no file region").isInstanceOf(ByteBuf.class);
        assertThat(decodeFetch(ProtobufCodec.INSTANCE, sent(written))).as("the fetch response decoded")
                .isEqualTo(FetchResponse.ok(BASE_OFFSET, LOG_END_OFFSET, RECORDS));
        assertThat(segment.isOpen()).as("the segment file after a copying fetch").isTrue();
    }

    @Test
    void jsonCannotSendTheRecordsAsTheyLieSoTheyAreCopiedIntoOneFrame() throws IOException {
        EmbeddedChannel channel = plainChannel();
        MessageCodec json = JsonCodec.INSTANCE;
        ByteBuf records = given(json.encodeRecords(RECORDS));
        FetchResult result = FetchResult.ok(new StoredRecords(BASE_OFFSET, RECORDS.size(), records), LOG_END_OFFSET);

        writer.writeFetch(channel.pipeline().firstContext(), json, CORRELATION_ID, result);

        List<Object> written = writtenAndFlushed(channel);
        assertThat(written).as("messages written and flushed for JSON, whose records array closes after the "
                + "records: one frame with the records copied in").hasSize(1);
        assertThat(decodeFetch(json, sent(written))).as("the fetch response decoded")
                .isEqualTo(FetchResponse.ok(BASE_OFFSET, LOG_END_OFFSET, RECORDS));
        assertThat(records.refCnt()).as("references to the store's buffer left once it was copied: the writer "
                + "releases what it copied").isZero();
    }

    @Test
    void anErrorWithoutRecordsDecodesAsTheError() throws IOException {
        EmbeddedChannel channel = plainChannel();
        FetchResult result = FetchResult.error(ErrorCode.OFFSET_OUT_OF_RANGE, "offset=99 is past the log end",
                LOG_END_OFFSET);

        writer.writeFetch(channel.pipeline().firstContext(), ProtobufCodec.INSTANCE, CORRELATION_ID, result);

        assertThat(decodeFetch(ProtobufCodec.INSTANCE, sent(writtenAndFlushed(channel))))
                .as("the fetch response decoded").isEqualTo(FetchResponse.error(ErrorCode.OFFSET_OUT_OF_RANGE,
                        "offset=99 is past the log end", LOG_END_OFFSET));
    }

    private EmbeddedChannel plainChannel() {
        return track(new EmbeddedChannel(new ChannelHandlerAdapter() { }));
    }

    /**
     * A connection with TLS: an {@link SslHandler} in its pipeline, behind the writer's context so
     * that what the test reads back is what the writer wrote, not its encryption. A server-side
     * engine that no client greets: it writes nothing by itself.
     */
    private EmbeddedChannel tlsChannel() {
        SSLEngine engine;
        try {
            engine = SSLContext.getDefault().createSSLEngine();
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("this JDK has no default TLS context", e);
        }
        engine.setUseClientMode(false);
        return track(new EmbeddedChannel(new ChannelHandlerAdapter() { }, new SslHandler(engine)));
    }

    private EmbeddedChannel track(EmbeddedChannel channel) {
        channels.add(channel);
        return channel;
    }

    private ByteBuf given(ByteBuf buf) {
        given.add(buf);
        return buf;
    }

    /** What the writer wrote and flushed, in order; the caller releases it. */
    private static List<Object> writtenAndFlushed(EmbeddedChannel channel) {
        List<Object> written = new ArrayList<>();
        for (Object message = channel.readOutbound(); message != null; message = channel.readOutbound()) {
            written.add(message);
        }
        assertThat(written).as("messages written and flushed to the channel").isNotEmpty();
        return written;
    }

    /** The bytes the messages put on the wire, a region's sent as a socket takes them; releases every message. */
    private static byte[] sent(List<Object> messages) throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        WritableByteChannel socket = Channels.newChannel(wire);
        try {
            for (Object message : messages) {
                if (message instanceof ByteBuf buf) {
                    wire.writeBytes(ByteBufUtil.getBytes(buf));
                } else if (message instanceof FileRegion region) {
                    while (region.transferred() < region.count()) {
                        long moved = region.transferTo(socket, region.transferred());
                        assertThat(moved).as("bytes one transferTo of the region moved, with %d of its %d sent",
                                region.transferred(), region.count()).isPositive();
                    }
                } else {
                    throw new AssertionError("a message of type " + message.getClass().getName()
                            + ": expected a ByteBuf or a FileRegion");
                }
            }
        } finally {
            messages.forEach(ReferenceCountUtil::release);
        }
        return wire.toByteArray();
    }

    /** The frame as the client reads it: its header checked, its body decoded. */
    private static FetchResponse decodeFetch(MessageCodec codec, byte[] frame) {
        ByteBuf in = Unpooled.wrappedBuffer(frame);
        assertThat(frame.length).as("bytes sent").isGreaterThanOrEqualTo(FrameDescriptor.HEADER_LENGTH);
        assertThat(FrameDescriptor.length(in, 0)).as("the frame's Length: every byte after it")
                .isEqualTo(frame.length - FrameDescriptor.LENGTH_FIELD_LENGTH);
        assertThat(FrameDescriptor.magic(in, 0)).as("the frame's magic").isEqualTo(FrameDescriptor.MAGIC);
        assertThat(FrameDescriptor.encodingId(in, 0)).as("the frame's encoding").isEqualTo(codec.encoding().id());
        assertThat(FrameDescriptor.apiKeyId(in, 0)).as("the frame's api key").isEqualTo(ApiKey.FETCH.id());
        assertThat(FrameDescriptor.correlationId(in, 0)).as("the frame's correlation id").isEqualTo(CORRELATION_ID);
        return codec.decode(FetchResponse.class, in.slice(FrameDescriptor.BODY_OFFSET,
                frame.length - FrameDescriptor.HEADER_LENGTH));
    }

    private static byte[] protobufRecords() {
        ByteBuf buf = ProtobufCodec.INSTANCE.encodeRecords(RECORDS);
        try {
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }
}
