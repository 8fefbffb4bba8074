package dev.tenx.common.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** Builds whole frames. Stateless; thread-safe. */
public final class Frames {

    private Frames() {}

    /**
     * One buffer holding header and body. Copies: the codec's body array is copied in after the
     * header, the "concatenate, then write" pattern that the fewer-copies stage replaces with a
     * gather write of two buffers.
     */
    public static ByteBuf encode(ByteBufAllocator alloc, MessageCodec codec, ApiKey apiKey,
                                 int correlationId, Message message) {
        return encode(alloc, codec.encoding(), apiKey, correlationId, codec.encode(message));
    }

    /** The same, for a body already encoded (a producer encodes first to check its size). */
    public static ByteBuf encode(ByteBufAllocator alloc, Encoding encoding, ApiKey apiKey,
                                 int correlationId, byte[] body) {
        ByteBuf frame = alloc.buffer(FrameDescriptor.frameLength(body.length));
        FrameDescriptor.writeHeader(frame, body.length, encoding, apiKey, correlationId);
        frame.writeBytes(body);
        return frame;
    }

    /** The same, for a body in a buffer; copies it, and leaves releasing it to the caller. */
    public static ByteBuf encode(ByteBufAllocator alloc, Encoding encoding, ApiKey apiKey,
                                 int correlationId, ByteBuf body) {
        int bodyLength = body.readableBytes();
        ByteBuf frame = alloc.buffer(FrameDescriptor.frameLength(bodyLength));
        FrameDescriptor.writeHeader(frame, bodyLength, encoding, apiKey, correlationId);
        return frame.writeBytes(body, body.readerIndex(), bodyLength);
    }

    /**
     * The header alone, for a body of {@code bodyLength} bytes that follows it in buffers (or a
     * file region) of its own: written together they are a gather write, and the body is never
     * copied behind the header.
     */
    public static ByteBuf header(ByteBufAllocator alloc, Encoding encoding, ApiKey apiKey, int correlationId,
                                 int bodyLength) {
        ByteBuf header = alloc.buffer(FrameDescriptor.HEADER_LENGTH);
        FrameDescriptor.writeHeader(header, bodyLength, encoding, apiKey, correlationId);
        return header;
    }

    /** The same frame as a new array: for blocking sockets and tests. */
    public static byte[] toArray(MessageCodec codec, ApiKey apiKey, int correlationId, Message message) {
        ByteBuf frame = encode(io.netty.buffer.UnpooledByteBufAllocator.DEFAULT, codec, apiKey, correlationId, message);
        try {
            byte[] out = new byte[frame.readableBytes()];
            frame.readBytes(out);
            return out;
        } finally {
            frame.release();
        }
    }
}
