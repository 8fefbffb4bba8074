package dev.tenx.common.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Cuts the inbound byte stream into {@link Frame}s laid out as {@link FrameDescriptor} says,
 * and refuses anything else before buffering it.
 *
 * <pre>
 * BEFORE (one read, two frames; header fields abbreviated)      AFTER
 * +--------+------+----+-------+-----------+--------+-----+     +-------------------+  +-----------+
 * | len=13 | 0x71 | 0  | api=1 | corr=7    | 5 body | ... | --> | Frame(corr=7, 5 B)|  | Frame(...)|
 * +--------+------+----+-------+-----------+--------+-----+     +-------------------+  +-----------+
 * </pre>
 *
 * <p>Faults, each a {@link ProtocolException} thrown as soon as the 12 header bytes are in, so
 * a hostile length never makes us wait for, or allocate, its body:
 * <ul>
 *   <li>Length below the header's 8 bytes, or negative: {@link ErrorCode#CORRUPT_MESSAGE}.
 *   <li>Wrong magic byte: {@link ErrorCode#CORRUPT_MESSAGE}. Checked before the size, so an
 *       HTTP request ("GET " read as a length of about 1.2 GB) is called what it is.
 *   <li>Whole frame above {@code maxFrameBytes}: {@link ErrorCode#MESSAGE_TOO_LARGE}.
 * </ul>
 * After a fault the stream has no trustworthy frame boundary, so every later byte on the
 * connection is discarded; the handler answers with an error frame and closes.
 *
 * <p>One instance per channel (it keeps the cumulation buffer); used only by that channel's
 * event loop thread.
 */
public final class FrameDecoder extends ByteToMessageDecoder {

    private final int maxFrameBytes;
    private boolean failed;

    public FrameDecoder(int maxFrameBytes) {
        if (maxFrameBytes < FrameDescriptor.HEADER_LENGTH) {
            throw new IllegalArgumentException("maxFrameBytes=" + maxFrameBytes + " is below the header's "
                    + FrameDescriptor.HEADER_LENGTH + " bytes");
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < FrameDescriptor.HEADER_LENGTH) {
            return;
        }
        int start = in.readerIndex();
        long frameBytes = checkedFrameBytes(in, start);
        if (in.readableBytes() < frameBytes) {
            return;
        }
        int bodyLength = (int) frameBytes - FrameDescriptor.HEADER_LENGTH;
        Frame frame = new Frame(
                FrameDescriptor.encodingId(in, start),
                FrameDescriptor.apiKeyId(in, start),
                FrameDescriptor.correlationId(in, start),
                in.retainedSlice(start + FrameDescriptor.BODY_OFFSET, bodyLength));
        in.skipBytes((int) frameBytes);
        out.add(frame);
    }

    private long checkedFrameBytes(ByteBuf in, int start) {
        int length = FrameDescriptor.length(in, start);
        if (length < FrameDescriptor.MIN_LENGTH_FIELD_VALUE) {
            throw fault(ErrorCode.CORRUPT_MESSAGE, ProtocolException.UNKNOWN_CORRELATION_ID,
                    "frame length field=" + length + " is below the header's "
                            + FrameDescriptor.MIN_LENGTH_FIELD_VALUE + " bytes");
        }
        int correlationId = FrameDescriptor.correlationId(in, start);
        byte magic = FrameDescriptor.magic(in, start);
        if (magic != FrameDescriptor.MAGIC) {
            throw fault(ErrorCode.CORRUPT_MESSAGE, correlationId,
                    String.format("frame magic=0x%02x, expected 0x%02x: not a tenx frame", magic, FrameDescriptor.MAGIC));
        }
        long frameBytes = (long) length + FrameDescriptor.LENGTH_FIELD_LENGTH;
        if (frameBytes > maxFrameBytes) {
            throw fault(ErrorCode.MESSAGE_TOO_LARGE, correlationId,
                    "frame.bytes=" + frameBytes + " exceeds the limit of " + maxFrameBytes + " bytes");
        }
        return frameBytes;
    }

    private ProtocolException fault(ErrorCode code, int correlationId, String message) {
        failed = true;
        return new ProtocolException(code, correlationId, message, null);
    }
}
