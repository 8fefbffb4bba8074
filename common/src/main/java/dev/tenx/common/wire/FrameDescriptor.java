package dev.tenx.common.wire;

import io.netty.buffer.ByteBuf;

/**
 * The one frame layout every stage puts on the wire, in both directions. Documented here and
 * nowhere else; codecs refer to these offsets instead of repeating them.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                  Length (int32, bytes after this field)        |  0
 *  +---------------+---------------+-------------------------------+
 *  |     Magic     |   Encoding    |           Api key             |  4
 *  +---------------+---------------+-------------------------------+
 *  |                       Correlation id                          |  8
 *  +---------------------------------------------------------------+
 *  |                  Body: one message, Length - 8 bytes          | 12
 *  |                              ...                              |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <ul>
 *   <li>All integers are big-endian (network order), as Netty's {@link ByteBuf} reads them.
 *   <li>{@code Length} counts the header fields after it plus the body, never itself. The
 *       whole frame is therefore {@code Length + 4} bytes, and that whole size is what
 *       {@code max.request.size} (producer) and {@code socket.request.max.bytes} (broker) limit.
 *   <li>{@code Magic} is {@link #MAGIC}: a frame that does not start with it is not ours (an
 *       HTTP request, random bytes) and is rejected before its body is read.
 *   <li>{@code Encoding} is an {@link Encoding} id; {@code Api key} an {@link ApiKey} id.
 *   <li>{@code Correlation id} is chosen by the client and echoed in the response, as in
 *       Kafka's protocol, so a client can match responses to requests.
 * </ul>
 *
 * <p>Stateless; every method is thread-safe.
 */
public final class FrameDescriptor {

    public static final int LENGTH_OFFSET = 0;
    public static final int LENGTH_FIELD_LENGTH = Integer.BYTES;
    public static final int MAGIC_OFFSET = LENGTH_OFFSET + LENGTH_FIELD_LENGTH;
    public static final int ENCODING_OFFSET = MAGIC_OFFSET + Byte.BYTES;
    public static final int API_KEY_OFFSET = ENCODING_OFFSET + Byte.BYTES;
    public static final int CORRELATION_ID_OFFSET = API_KEY_OFFSET + Short.BYTES;
    public static final int BODY_OFFSET = CORRELATION_ID_OFFSET + Integer.BYTES;

    /** Bytes before the body: the smallest legal frame (an empty body). */
    public static final int HEADER_LENGTH = BODY_OFFSET;

    /** The smallest legal value of the Length field: the header after it, with an empty body. */
    public static final int MIN_LENGTH_FIELD_VALUE = HEADER_LENGTH - LENGTH_FIELD_LENGTH;

    /** Version 1 of this layout. A new layout gets a new magic value. */
    public static final byte MAGIC = 0x71;

    private FrameDescriptor() {}

    /** The whole frame's size, prefix included, for a body of {@code bodyLength} bytes. */
    public static int frameLength(int bodyLength) {
        return HEADER_LENGTH + bodyLength;
    }

    /** The Length field's value for a body of {@code bodyLength} bytes. */
    public static int lengthFieldValue(int bodyLength) {
        return MIN_LENGTH_FIELD_VALUE + bodyLength;
    }

    /** Writes the 12 header bytes at the buffer's writer index. */
    public static void writeHeader(ByteBuf out, int bodyLength, Encoding encoding, ApiKey apiKey,
                                   int correlationId) {
        out.writeInt(lengthFieldValue(bodyLength));
        out.writeByte(MAGIC);
        out.writeByte(encoding.id());
        out.writeShort(apiKey.id());
        out.writeInt(correlationId);
    }

    /** The Length field of the frame starting at {@code frameStart} (absolute index). */
    public static int length(ByteBuf in, int frameStart) {
        return in.getInt(frameStart + LENGTH_OFFSET);
    }

    public static byte magic(ByteBuf in, int frameStart) {
        return in.getByte(frameStart + MAGIC_OFFSET);
    }

    public static byte encodingId(ByteBuf in, int frameStart) {
        return in.getByte(frameStart + ENCODING_OFFSET);
    }

    public static short apiKeyId(ByteBuf in, int frameStart) {
        return in.getShort(frameStart + API_KEY_OFFSET);
    }

    public static int correlationId(ByteBuf in, int frameStart) {
        return in.getInt(frameStart + CORRELATION_ID_OFFSET);
    }
}
