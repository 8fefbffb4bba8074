package dev.tenx.common.faults;

import static dev.tenx.common.wire.FrameDescriptor.API_KEY_OFFSET;
import static dev.tenx.common.wire.FrameDescriptor.BODY_OFFSET;
import static dev.tenx.common.wire.FrameDescriptor.CORRELATION_ID_OFFSET;
import static dev.tenx.common.wire.FrameDescriptor.ENCODING_OFFSET;
import static dev.tenx.common.wire.FrameDescriptor.HEADER_LENGTH;
import static dev.tenx.common.wire.FrameDescriptor.LENGTH_OFFSET;
import static dev.tenx.common.wire.FrameDescriptor.MAGIC_OFFSET;

import dev.tenx.common.wire.ApiKey;
import dev.tenx.common.wire.Encoding;
import dev.tenx.common.wire.FrameDescriptor;
import dev.tenx.common.wire.Message;
import dev.tenx.common.wire.MessageCodec;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A frame built field by field at {@link FrameDescriptor}'s offsets, so that any field can lie:
 * start from a well-formed frame, change one field with a {@code with...} method, take the bytes.
 * Immutable.
 */
public record HostileFrame(int lengthField, byte magic, byte encodingId, short apiKeyId, int correlationId,
                           byte[] body) {

    /** A well-formed frame carrying {@code message} in {@code encoding}. */
    public static HostileFrame wellFormed(Encoding encoding, ApiKey apiKey, int correlationId, Message message) {
        return withBody(encoding, apiKey, correlationId, MessageCodec.forEncoding(encoding).encode(message));
    }

    /** A frame whose header is right for {@code body}, whatever the body holds. */
    public static HostileFrame withBody(Encoding encoding, ApiKey apiKey, int correlationId, byte[] body) {
        return new HostileFrame(FrameDescriptor.lengthFieldValue(body.length), FrameDescriptor.MAGIC,
                encoding.id(), apiKey.id(), correlationId, body);
    }

    public HostileFrame withLengthField(int length) {
        return new HostileFrame(length, magic, encodingId, apiKeyId, correlationId, body);
    }

    public HostileFrame withMagic(int newMagic) {
        return new HostileFrame(lengthField, (byte) newMagic, encodingId, apiKeyId, correlationId, body);
    }

    public HostileFrame withEncodingId(int id) {
        return new HostileFrame(lengthField, magic, (byte) id, apiKeyId, correlationId, body);
    }

    public HostileFrame withApiKeyId(int id) {
        return new HostileFrame(lengthField, magic, encodingId, (short) id, correlationId, body);
    }

    /** The 12 header bytes, then the body. */
    public byte[] toBytes() {
        ByteBuffer frame = ByteBuffer.allocate(HEADER_LENGTH + body.length);
        frame.putInt(LENGTH_OFFSET, lengthField);
        frame.put(MAGIC_OFFSET, magic);
        frame.put(ENCODING_OFFSET, encodingId);
        frame.putShort(API_KEY_OFFSET, apiKeyId);
        frame.putInt(CORRELATION_ID_OFFSET, correlationId);
        frame.put(BODY_OFFSET, body);
        return frame.array();
    }

    /** Only the header: what a broker must judge a frame by before its body arrives. */
    public byte[] headerBytes() {
        return Arrays.copyOf(toBytes(), HEADER_LENGTH);
    }
}
