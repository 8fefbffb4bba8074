package dev.tenx.binary;

import com.google.protobuf.WireFormat;
import dev.tenx.common.errors.BrokerException;
import dev.tenx.common.spi.ConsumedRecord;
import dev.tenx.common.wire.Encoding;
import dev.tenx.common.wire.ErrorCode;
import dev.tenx.common.wire.LogRecord;
import dev.tenx.common.wire.MessageCodec;
import dev.tenx.common.wire.ProtobufReader;
import dev.tenx.common.wire.ProtocolException;
import dev.tenx.common.wire.RecordsDescriptor;
import dev.tenx.pipeline.FetchedRecords;
import dev.tenx.pipeline.PipelinedConnection;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A protobuf fetch answer kept as the bytes that arrived, its records decoded only when the
 * application polls them: the edge. On arrival, on the connection's event-loop thread, only the
 * envelope's four fields are read and each record's tag and length checked, which gives the
 * count, all where the bytes lie ({@link ProtobufReader}); the records part stays in the frame's
 * buffer (a retained slice, no copy). At poll, on the
 * application's thread and after the next fetch is already on the wire, each record is decoded
 * from that buffer straight into the {@link LogRecord} the application gets, one copy of its key
 * and value, with no protobuf message objects in between; then the buffer is released.
 *
 * <p>At poll and not lazily per record: {@link #records(long)} hands out records as values
 * ({@link ConsumedRecord} holds a {@link LogRecord} whose arrays the application owns), and a
 * record decoded on first read would keep the pooled fetch buffer alive for as long as the
 * application keeps any record of it, which the consumer could not bound. A reader that lends
 * each record for the length of one call instead (the fewer-copies stage's) bounds that lifetime
 * by the call; it takes the records part with {@link #recordsPart()}.
 *
 * <p>Thread-safety: built on the event-loop thread, handed to the polling thread through the
 * fetch's future; then {@link #records(long)}, or {@link #recordsPart()} and then
 * {@link #release()}, or {@link #release()} alone, once, by one thread.
 */
public final class FetchBuffer implements FetchedRecords {

    private static final int ERROR_CODE_TAG = RecordsDescriptor.tag(1, WireFormat.WIRETYPE_VARINT);
    private static final int ERROR_MESSAGE_TAG = RecordsDescriptor.tag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int BASE_OFFSET_TAG = RecordsDescriptor.tag(3, WireFormat.WIRETYPE_VARINT);
    private static final int LOG_END_OFFSET_TAG = RecordsDescriptor.tag(4, WireFormat.WIRETYPE_VARINT);
    private static final int ENVELOPE_FIELDS = 4;

    private final MessageCodec codec;
    private final ErrorCode errorCode;
    private final String errorMessage;
    private final long baseOffset;
    private final int count;
    /** The records part, a retained slice of the response frame; empty when there are none. */
    private final ByteBuf records;

    private FetchBuffer(MessageCodec codec, ErrorCode errorCode, String errorMessage, long baseOffset, int count,
                        ByteBuf records) {
        this.codec = codec;
        this.errorCode = errorCode;
        this.errorMessage = errorMessage;
        this.baseOffset = baseOffset;
        this.count = count;
        this.records = records;
    }

    /**
     * The reader a consumer of {@code codec}'s fetch answers is built with.
     *
     * @throws IllegalArgumentException when {@code codec} is not protobuf
     */
    static PipelinedConnection.ResponseReader<FetchedRecords> readerFor(MessageCodec codec) {
        return readerFor(codec, buffer -> buffer);
    }

    /**
     * A reader that keeps each answer as a fetch buffer and hands it to {@code wrap}: the seam for
     * a stage that reads the kept records its own way ({@link #recordsPart()}).
     *
     * @throws IllegalArgumentException when {@code codec} is not protobuf
     */
    public static PipelinedConnection.ResponseReader<FetchedRecords> readerFor(
            MessageCodec codec, Function<FetchBuffer, FetchedRecords> wrap) {
        if (codec.encoding() != Encoding.PROTOBUF) {
            throw new IllegalArgumentException("encoding=" + codec.encoding() + ": a fetch buffer reads protobuf "
                    + "fetch answers only");
        }
        return body -> {
            FetchBuffer buffer = read(codec, body);
            try {
                return wrap.apply(buffer);
            } catch (RuntimeException | Error e) {
                buffer.release(); // the retained slice, which no answer now holds
                throw e;
            }
        };
    }

    /**
     * Reads the envelope and checks each record's frame; keeps the records part. Does not move
     * {@code body}'s indexes.
     *
     * @throws ProtocolException with CORRUPT_MESSAGE when the envelope or a record's frame is wrong
     */
    static FetchBuffer read(MessageCodec codec, ByteBuf body) {
        ProtobufReader in = new ProtobufReader(body);
        Envelope envelope = Envelope.read(in);
        int recordsStart = in.position();
        int count = countRecords(in);
        ByteBuf records = body.retainedSlice(recordsStart, body.writerIndex() - recordsStart);
        return new FetchBuffer(codec, envelope.errorCode, envelope.errorMessage, envelope.baseOffset, count, records);
    }

    /**
     * Each record's tag and length, within the buffer; its fields are checked when it is decoded,
     * at poll. Batch headers, which a store that keeps whole batches sends between records, are skipped.
     */
    private static int countRecords(ProtobufReader in) {
        int count = 0;
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            if (tag == RecordsDescriptor.BATCH_HEADER_TAG) {
                in.skip(in.readLength());
                continue;
            }
            if (tag != RecordsDescriptor.RECORD_TAG) {
                throw corrupt("expected a record (tag " + RecordsDescriptor.RECORD_TAG + ") after the envelope, found "
                        + "tag=" + tag, null);
            }
            in.skip(in.readLength());
            count++;
        }
        return count;
    }

    @Override
    public boolean hasRecords() {
        return errorCode == ErrorCode.NONE && count > 0;
    }

    @Override
    public int count() {
        return count;
    }

    @Override
    public long baseOffset() {
        return baseOffset;
    }

    @Override
    public List<ConsumedRecord> records(long position) {
        try {
            return decode(recordsPart(), position);
        } finally {
            records.release();
        }
    }

    private List<ConsumedRecord> decode(ByteBuf part, long position) {
        // decoded at the edge: from the fetch buffer straight into the records the application gets.
        List<LogRecord> decoded = codec.decodeRecords(part);
        if (decoded.size() != count) {
            throw corrupt("decoded " + decoded.size() + " records where the frames counted count=" + count, null);
        }
        int skipped = skipped(position);
        List<ConsumedRecord> out = new ArrayList<>(count - skipped);
        for (int i = skipped; i < count; i++) {
            out.add(new ConsumedRecord(baseOffset + i, decoded.get(i)));
        }
        return out;
    }

    /** How many of the answer's records lie before {@code position}: those a poll from there skips. */
    public int skipped(long position) {
        return (int) Math.max(0, Math.min(count, position - baseOffset));
    }

    /**
     * The records part as it arrived, batch headers included, for a reader that reads the records
     * where they lie; still owned by this buffer, which one call of {@link #release()} gives back.
     *
     * @throws BrokerException when the answer carries an error code
     */
    public ByteBuf recordsPart() {
        if (errorCode != ErrorCode.NONE) {
            throw new BrokerException(errorCode, errorMessage);
        }
        return records;
    }

    @Override
    public void release() {
        records.release();
    }

    private static ProtocolException corrupt(String message, Throwable cause) {
        return new ProtocolException(ErrorCode.CORRUPT_MESSAGE, message, cause);
    }

    @Override
    public String toString() {
        return "FetchBuffer[errorCode=" + errorCode + ", baseOffset=" + baseOffset + ", count=" + count + ", bytes="
                + records.readableBytes() + "]";
    }

    /** The four fields in front of the records, each present once, as {@code wire.proto} requires. */
    private static final class Envelope {
        ErrorCode errorCode;
        String errorMessage;
        long baseOffset;
        int fieldsRead;

        /** Reads up to the first record's tag (not consumed) or the end. */
        static Envelope read(ProtobufReader in) {
            Envelope envelope = new Envelope();
            boolean[] seen = new boolean[ENVELOPE_FIELDS + 1];
            while (!in.isAtEnd() && envelope.fieldsRead < ENVELOPE_FIELDS) {
                int tag = in.readTag();
                int field = WireFormat.getTagFieldNumber(tag);
                if (field < 1 || field > ENVELOPE_FIELDS || seen[field]) {
                    throw corrupt("FetchResponse field tag=" + tag + " is unknown, repeated, or comes before a "
                            + "missing envelope field", null);
                }
                seen[field] = true;
                envelope.readField(tag, in);
                envelope.fieldsRead++;
            }
            if (envelope.fieldsRead < ENVELOPE_FIELDS) {
                throw corrupt("FetchResponse lacks an envelope field: found fieldsRead=" + envelope.fieldsRead + " of "
                        + ENVELOPE_FIELDS, null);
            }
            return envelope;
        }

        private void readField(int tag, ProtobufReader in) {
            if (tag == ERROR_CODE_TAG) {
                errorCode = errorCode(in.readVarint32());
            } else if (tag == ERROR_MESSAGE_TAG) {
                errorMessage = new String(in.readBytes(in.readLength()), StandardCharsets.UTF_8);
            } else if (tag == BASE_OFFSET_TAG) {
                baseOffset = in.readVarint64();
            } else if (tag == LOG_END_OFFSET_TAG) {
                in.readVarint64(); // the consumer does not use the log end; read to check it and move past it
            } else {
                throw corrupt("FetchResponse field tag=" + tag + " has the wrong wire type", null);
            }
        }

        private static ErrorCode errorCode(int id) {
            ErrorCode[] codes = ErrorCode.values();
            if (id < 0 || id >= codes.length) {
                throw corrupt("unknown error code: id=" + id, null);
            }
            return codes[id];
        }
    }
}
