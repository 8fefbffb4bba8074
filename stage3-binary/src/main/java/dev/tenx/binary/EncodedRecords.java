package dev.tenx.binary;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import dev.tenx.batching.BatchRecords;
import dev.tenx.common.wire.Encoding;
import dev.tenx.common.wire.MessageCodec;
import dev.tenx.common.wire.ProtobufCodec;
import dev.tenx.common.wire.RecordsDescriptor;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;

/**
 * A batch's records as the protobuf records part of its request ({@link RecordsDescriptor}),
 * written once, in {@code send()}, and never again: each record is encoded straight into this
 * buffer, behind room left for the request's envelope, and the request body is the envelope
 * written into that room followed by these bytes, sent as they are. A retry sends the same bytes.
 * The batch keeps no object per record; a {@code LogRecord} is never built on the producer.
 *
 * <pre>
 *  0            envelopeStart         ENVELOPE_ROOM                                  end
 *  | (unused)   | 08 id 10 seq        | 7A len record 0 | 7A len record 1 | ...     |
 *               +------------------------------------ request body ---------------+
 * </pre>
 *
 * <p>The encoder is written here, a few varints and copies, rather than protobuf's
 * {@link CodedOutputStream}, whose instances cost an allocation per record; protobuf's static
 * size functions give the lengths, and a test checks the bytes against the protoc-generated
 * encoder's.
 *
 * <p>Thread-safety: as {@link BatchRecords}: filled under the accumulator's lock, read by the
 * producer's I/O thread once the batch is drained; not thread-safe itself.
 */
public final class EncodedRecords implements BatchRecords {

    /** The longest envelope: producer_id and base_sequence, each a tag and a varint of up to 10 bytes. */
    static final int ENVELOPE_ROOM = ProtobufCodec.INSTANCE.produceRequestOverheadUpperBound();

    private static final int KEY_FIELD = 1;
    private static final int VALUE_FIELD = 2;
    private static final int TIMESTAMP_FIELD = 3;
    private static final int PRODUCER_ID_FIELD = 1;
    private static final int BASE_SEQUENCE_FIELD = 2;
    private static final int PRODUCER_ID_TAG = RecordsDescriptor.tag(PRODUCER_ID_FIELD, WireFormat.WIRETYPE_VARINT);
    private static final int BASE_SEQUENCE_TAG = RecordsDescriptor.tag(BASE_SEQUENCE_FIELD, WireFormat.WIRETYPE_VARINT);
    private static final int VARINT_PAYLOAD_BITS = 7;
    private static final int VARINT_PAYLOAD_MASK = 0x7F;
    private static final int VARINT_CONTINUES = 0x80;

    private byte[] buffer;
    private int end = ENVELOPE_ROOM;

    /**
     * The whole batch is allocated at once, as Kafka's producer allocates {@code batch.size} for
     * each batch: records are counted by an upper bound of their size, so they always fit, and a
     * buffer grown by doubling would cost twice the bytes and a copy of each. The price, as in
     * Kafka, is that a lone record under {@code linger.ms} holds a whole {@code batch.size}.
     */
    private EncodedRecords(int capacityBytes) {
        buffer = new byte[ENVELOPE_ROOM + capacityBytes];
    }

    /**
     * Batches encoded once, in protobuf: the binary-encoding stage's batch records.
     *
     * @throws IllegalArgumentException when {@code codec} is not protobuf: the broker would not
     *                                  read these bytes
     */
    public static BatchRecords.Factory factory(MessageCodec codec) {
        if (codec.encoding() != Encoding.PROTOBUF) {
            throw new IllegalArgumentException("encoding=" + codec.encoding() + ": encoded records are protobuf's "
                    + "records part, and the stage's codec must be protobuf too");
        }
        return EncodedRecords::new;
    }

    @Override
    public void append(byte[] key, byte[] value, long timestampMs) {
        int recordBytes = CodedOutputStream.computeByteArraySize(KEY_FIELD, key)
                + CodedOutputStream.computeByteArraySize(VALUE_FIELD, value)
                + CodedOutputStream.computeInt64Size(TIMESTAMP_FIELD, timestampMs);
        ensureRoom(CodedOutputStream.computeUInt32SizeNoTag(RecordsDescriptor.RECORD_TAG)
                + CodedOutputStream.computeUInt32SizeNoTag(recordBytes) + recordBytes);
        // encode once: the record goes straight into the bytes the request will carry, and stays there.
        end = writeVarint(RecordsDescriptor.RECORD_TAG, end);
        end = writeVarint(recordBytes, end);
        end = writeBytes(RecordsDescriptor.KEY_TAG, key, end);
        end = writeBytes(RecordsDescriptor.VALUE_TAG, value, end);
        end = writeVarint(RecordsDescriptor.TIMESTAMP_TAG, end);
        end = writeVarint(timestampMs, end);
    }

    /** The envelope is written into the room in front of the records, so that the body is one slice: no copy. */
    @Override
    public ByteBuf requestBody(long producerId, int baseSequence) {
        int envelopeBytes = CodedOutputStream.computeInt64Size(PRODUCER_ID_FIELD, producerId)
                + CodedOutputStream.computeInt32Size(BASE_SEQUENCE_FIELD, baseSequence);
        int start = ENVELOPE_ROOM - envelopeBytes;
        int at = writeVarint(PRODUCER_ID_TAG, start);
        at = writeVarint(producerId, at);
        at = writeVarint(BASE_SEQUENCE_TAG, at);
        writeVarint(baseSequence, at); // an int32 varint is sign-extended to 64 bits, as protobuf writes it
        return Unpooled.wrappedBuffer(buffer, start, end - start);
    }

    /** Bytes of the records written so far. */
    int recordsBytes() {
        return end - ENVELOPE_ROOM;
    }

    /** Never needed while records stay within the capacity the accumulator counted; a safety net if not. */
    private void ensureRoom(int bytes) {
        if (end + bytes > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(2 * buffer.length, end + bytes));
        }
    }

    private int writeBytes(int tag, byte[] bytes, int at) {
        int p = writeVarint(tag, at);
        p = writeVarint(bytes.length, p);
        System.arraycopy(bytes, 0, buffer, p, bytes.length);
        return p + bytes.length;
    }

    /** A base-128 varint, low bits first, at {@code at}; returns the position after it. */
    private int writeVarint(long value, int at) {
        long rest = value;
        int p = at;
        while ((rest & ~VARINT_PAYLOAD_MASK) != 0) {
            buffer[p++] = (byte) ((rest & VARINT_PAYLOAD_MASK) | VARINT_CONTINUES);
            rest >>>= VARINT_PAYLOAD_BITS;
        }
        buffer[p++] = (byte) rest;
        return p;
    }

    @Override
    public String toString() {
        return "EncodedRecords[bytes=" + recordsBytes() + ", capacity=" + (buffer.length - ENVELOPE_ROOM) + "]";
    }
}
