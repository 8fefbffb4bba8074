package dev.tenx.common.wire;

import com.google.protobuf.WireFormat;
import io.netty.buffer.ByteBuf;

/**
 * Reads protobuf's wire format (tags, varints, lengths) straight from a {@link ByteBuf}, heap or
 * direct, without copying it. protobuf-java's {@code CodedInputStream} reads arrays only: since
 * 4.x, given a direct {@code ByteBuffer} (which is what Netty reads a socket into) it first
 * copies the whole buffer into a new array, so a broker that scanned a request with it would copy
 * every request it validates. As strict as {@code CodedInputStream}: a varint of more than ten
 * bytes, a field number of zero, a length that is negative or runs past the end (or past the
 * enclosing message) are each a {@link ProtocolException} with {@link ErrorCode#CORRUPT_MESSAGE}.
 *
 * <p>Reads absolute indexes and never moves the buffer's own. One instance per message read,
 * confined to the reading thread.
 */
public final class ProtobufReader {

    /** A varint carries seven bits per byte: ten bytes hold 64 bits. */
    private static final int MAX_VARINT_BYTES = 10;
    private static final int VARINT_PAYLOAD_BITS = 7;
    private static final int VARINT_PAYLOAD_MASK = 0x7F;
    private static final int VARINT_CONTINUES = 0x80;

    private final ByteBuf buf;
    /** Absolute index of the next byte to read. */
    private int position;
    /** Absolute index the current message ends at: the buffer's end, or a nested message's. */
    private int limit;

    /** Over {@code buf}'s readable bytes. */
    public ProtobufReader(ByteBuf buf) {
        this.buf = buf;
        this.position = buf.readerIndex();
        this.limit = buf.writerIndex();
    }

    public boolean isAtEnd() {
        return position >= limit;
    }

    /** Bytes read so far, from the buffer's reader index. */
    public int bytesRead() {
        return position - buf.readerIndex();
    }

    /** The buffer read: a field's bytes lie in it at the indexes this reader reports. */
    public ByteBuf buffer() {
        return buf;
    }

    /** Absolute index of the next byte. */
    public int position() {
        return position;
    }

    /** A field's tag; its field number is never 0. */
    public int readTag() {
        int tag = readVarint32();
        if (WireFormat.getTagFieldNumber(tag) == 0) {
            throw corrupt("invalid tag=" + tag + ": field number zero");
        }
        return tag;
    }

    /** A varint read as protobuf reads an int32: its low 32 bits. */
    public int readVarint32() {
        return (int) readVarint64();
    }

    public long readVarint64() {
        long value = 0;
        for (int i = 0; i < MAX_VARINT_BYTES; i++) {
            byte b = readByte();
            value |= (long) (b & VARINT_PAYLOAD_MASK) << (VARINT_PAYLOAD_BITS * i);
            if ((b & VARINT_CONTINUES) == 0) {
                return value;
            }
        }
        throw corrupt("malformed varint at index=" + (position - MAX_VARINT_BYTES) + ": more than "
                + MAX_VARINT_BYTES + " bytes");
    }

    /** A length prefix: not negative, and no longer than what is left of the current message. */
    public int readLength() {
        int length = readVarint32();
        if (length < 0 || length > limit - position) {
            throw corrupt("length=" + length + " at index=" + position + " but " + (limit - position)
                    + " bytes are left");
        }
        return length;
    }

    public void skip(int length) {
        checkRemaining(length);
        position += length;
    }

    /** A copy of the next {@code length} bytes: the one copy of a value, made by whoever builds an object of it. */
    public byte[] readBytes(int length) {
        checkRemaining(length);
        byte[] out = new byte[length];
        buf.getBytes(position, out);
        position += length;
        return out;
    }

    /** Reads only the next {@code length} bytes until {@link #popLimit}; returns the limit to restore. */
    public int pushLimit(int length) {
        checkRemaining(length);
        int old = limit;
        limit = position + length;
        return old;
    }

    public void popLimit(int oldLimit) {
        if (position != limit) {
            throw corrupt("a nested message ends at index=" + limit + " but was read to index=" + position);
        }
        limit = oldLimit;
    }

    private byte readByte() {
        if (position >= limit) {
            throw corrupt("truncated: the message ends at index=" + limit + " in the middle of a varint");
        }
        return buf.getByte(position++);
    }

    private void checkRemaining(int length) {
        if (length < 0 || length > limit - position) {
            throw corrupt("truncated: " + length + " bytes wanted at index=" + position + ", " + (limit - position)
                    + " left");
        }
    }

    private static ProtocolException corrupt(String message) {
        return new ProtocolException(ErrorCode.CORRUPT_MESSAGE, message);
    }
}
