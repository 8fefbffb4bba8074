package dev.tenx.common.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.WireFormat;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Protobuf bodies: maps each {@link Message} record to its protoc-generated twin from
 * {@code wire.proto} and back. Same messages as {@link JsonCodec}, binary: varint numbers,
 * raw bytes, field numbers instead of names.
 *
 * <p>As strict as {@link JsonCodec}: {@link #encode} writes every field, and {@link #decode}
 * refuses with {@link ErrorCode#CORRUPT_MESSAGE} a body that lacks one (every scalar field of
 * {@code wire.proto} has explicit presence), a field that {@code wire.proto} does not have or that
 * comes with the wrong wire type, in the message or in any of its records, and an error code
 * number that {@link ErrorCode} does not have ({@code StrictProto}). A decoded message is
 * therefore complete: nothing in it is a default that the sender did not write.
 *
 * <p>Stateless and thread-safe.
 */
public final class ProtobufCodec implements MessageCodec, RecordsValidator {

    public static final ProtobufCodec INSTANCE = new ProtobufCodec();

    /** A field's tag and the longest length prefix of a length-delimited field (a varint of up to 2^31). */
    private static final int TAG_BYTES = 1;
    private static final int MAX_LENGTH_PREFIX_BYTES = 5;
    /** The longest varint: a negative int64 (or int32, which protobuf sign-extends) takes 10 bytes. */
    private static final int MAX_VARINT_BYTES = 10;
    /** The record's own tag and length in the request, its key's and its value's, and its timestamp. */
    static final int RECORD_OVERHEAD_BYTES = 3 * (TAG_BYTES + MAX_LENGTH_PREFIX_BYTES) + TAG_BYTES + MAX_VARINT_BYTES;
    /** producerId and baseSequence, each a tag and a varint. */
    static final int PRODUCE_REQUEST_OVERHEAD_BYTES = 2 * (TAG_BYTES + MAX_VARINT_BYTES);

    private ProtobufCodec() {}

    @Override
    public Encoding encoding() {
        return Encoding.PROTOBUF;
    }

    @Override
    public byte[] encode(Message message) {
        return toProto(message).toByteArray();
    }

    @Override
    public int recordSizeUpperBound(int keyBytes, int valueBytes) {
        return RECORD_OVERHEAD_BYTES + keyBytes + valueBytes;
    }

    @Override
    public int produceRequestOverheadUpperBound() {
        return PRODUCE_REQUEST_OVERHEAD_BYTES;
    }

    @Override
    public <T extends Message> T decode(Class<T> type, ByteBuf body) {
        if (type == FetchRequest.class) {
            return type.cast(scanFetchRequest(body));
        }
        try {
            Message message = fromProto(type, body.nioBuffer());
            body.skipBytes(body.readableBytes()); // consumed, as MessageCodec.decode promises
            return type.cast(message);
        } catch (InvalidProtocolBufferException | IllegalArgumentException | NullPointerException e) {
            throw new ProtocolException(ErrorCode.CORRUPT_MESSAGE,
                    "undecodable protobuf body: type=" + type.getSimpleName() + ", cause=" + e.getMessage(), e);
        }
    }

    private static final int FETCH_OFFSET_TAG = RecordsDescriptor.tag(1, WireFormat.WIRETYPE_VARINT);
    private static final int FETCH_MAX_RECORDS_TAG = RecordsDescriptor.tag(2, WireFormat.WIRETYPE_VARINT);
    private static final int FETCH_MAX_BYTES_TAG = RecordsDescriptor.tag(3, WireFormat.WIRETYPE_VARINT);
    private static final int FETCH_FIELDS_SEEN = 0b111;

    /**
     * A fetch request, the one request a replaying consumer sends per fetch, read where it lies
     * ({@link ProtobufReader}): three varints, each present (a repeated one counts last, as protobuf
     * reads it), nothing else, exactly as strict as the parsed message and {@link StrictProto}, with
     * no message, builder or copy of the body per fetch. A test checks it against the parser on
     * every mutation of a request's bytes.
     */
    private static FetchRequest scanFetchRequest(ByteBuf body) {
        ProtobufReader in = new ProtobufReader(body);
        long offset = 0;
        int maxRecords = 0;
        int maxBytes = 0;
        int seen = 0;
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            if (tag == FETCH_OFFSET_TAG) {
                offset = in.readVarint64();
                seen |= 1;
            } else if (tag == FETCH_MAX_RECORDS_TAG) {
                maxRecords = in.readVarint32();
                seen |= 2;
            } else if (tag == FETCH_MAX_BYTES_TAG) {
                maxBytes = in.readVarint32();
                seen |= 4;
            } else {
                // the parser's and StrictProto's words, so that a refusal reads the same whichever reads it
                throw ProtobufRecords.corrupt("undecodable protobuf body: type=FetchRequest, cause=fields not in "
                        + "wire.proto, or with the wrong wire type: message=FetchRequest, field numbers=["
                        + WireFormat.getTagFieldNumber(tag) + "]", null);
            }
        }
        if (seen != FETCH_FIELDS_SEEN) {
            List<String> missing = new ArrayList<>();
            if ((seen & 1) == 0) {
                missing.add("offset");
            }
            if ((seen & 2) == 0) {
                missing.add("max_records");
            }
            if ((seen & 4) == 0) {
                missing.add("max_bytes");
            }
            throw ProtobufRecords.corrupt("undecodable protobuf body: type=FetchRequest, cause=missing fields: "
                    + "message=FetchRequest, fields=" + missing, null);
        }
        body.skipBytes(body.readableBytes()); // consumed, as MessageCodec.decode promises
        return new FetchRequest(offset, maxRecords, maxBytes);
    }

    private static com.google.protobuf.Message toProto(Message message) {
        if (message instanceof ProduceRequest m) {
            return dev.tenx.common.wire.proto.ProduceRequest.newBuilder()
                    .setProducerId(m.producerId())
                    .setBaseSequence(m.baseSequence())
                    .addAllRecords(toProto(m.records()))
                    .build();
        } else if (message instanceof ProduceResponse m) {
            return dev.tenx.common.wire.proto.ProduceResponse.newBuilder()
                    .setErrorCodeValue(m.errorCode().id())
                    .setErrorMessage(m.errorMessage())
                    .setBaseOffset(m.baseOffset())
                    .build();
        } else if (message instanceof FetchRequest m) {
            return dev.tenx.common.wire.proto.FetchRequest.newBuilder()
                    .setOffset(m.offset())
                    .setMaxRecords(m.maxRecords())
                    .setMaxBytes(m.maxBytes())
                    .build();
        } else if (message instanceof FetchResponse m) {
            return dev.tenx.common.wire.proto.FetchResponse.newBuilder()
                    .setErrorCodeValue(m.errorCode().id())
                    .setErrorMessage(m.errorMessage())
                    .setBaseOffset(m.baseOffset())
                    .setLogEndOffset(m.logEndOffset())
                    .addAllRecords(toProto(m.records()))
                    .build();
        } else if (message instanceof StatsRequest) {
            return dev.tenx.common.wire.proto.StatsRequest.getDefaultInstance();
        } else if (message instanceof StatsResponse m) {
            return dev.tenx.common.wire.proto.StatsResponse.newBuilder()
                    .putAllCounters(m.counters())
                    .build();
        }
        ErrorResponse m = (ErrorResponse) message;
        return dev.tenx.common.wire.proto.ErrorResponse.newBuilder()
                .setErrorCodeValue(m.errorCode().id())
                .setErrorMessage(m.errorMessage())
                .build();
    }

    private static List<dev.tenx.common.wire.proto.LogRecord> toProto(List<LogRecord> records) {
        List<dev.tenx.common.wire.proto.LogRecord> out = new ArrayList<>(records.size());
        for (LogRecord r : records) {
            out.add(dev.tenx.common.wire.proto.LogRecord.newBuilder()
                    // fewer copies: LogRecord owns its arrays and never changes them, so wrap, not copy.
                    .setKey(UnsafeByteOperations.unsafeWrap(r.key()))
                    .setValue(UnsafeByteOperations.unsafeWrap(r.value()))
                    .setTimestampMs(r.timestampMs())
                    .build());
        }
        return out;
    }

    private static Message fromProto(Class<?> type, java.nio.ByteBuffer body)
            throws InvalidProtocolBufferException {
        if (type == ProduceRequest.class) {
            var m = StrictProto.check(dev.tenx.common.wire.proto.ProduceRequest.parseFrom(body));
            return new ProduceRequest(m.getProducerId(), m.getBaseSequence(), fromProto(m.getRecordsList()));
        } else if (type == ProduceResponse.class) {
            var m = StrictProto.check(dev.tenx.common.wire.proto.ProduceResponse.parseFrom(body));
            return new ProduceResponse(errorCode(m.getErrorCodeValue()), m.getErrorMessage(), m.getBaseOffset());
        } else if (type == FetchRequest.class) {
            var m = StrictProto.check(dev.tenx.common.wire.proto.FetchRequest.parseFrom(body));
            return new FetchRequest(m.getOffset(), m.getMaxRecords(), m.getMaxBytes());
        } else if (type == FetchResponse.class) {
            var m = StrictProto.check(dev.tenx.common.wire.proto.FetchResponse.parseFrom(body));
            return new FetchResponse(errorCode(m.getErrorCodeValue()), m.getErrorMessage(), m.getBaseOffset(),
                    m.getLogEndOffset(), fromProto(m.getRecordsList()));
        } else if (type == StatsRequest.class) {
            StrictProto.check(dev.tenx.common.wire.proto.StatsRequest.parseFrom(body));
            return new StatsRequest();
        } else if (type == StatsResponse.class) {
            return new StatsResponse(StrictProto.check(dev.tenx.common.wire.proto.StatsResponse.parseFrom(body))
                    .getCountersMap());
        } else if (type == ErrorResponse.class) {
            var m = StrictProto.check(dev.tenx.common.wire.proto.ErrorResponse.parseFrom(body));
            return new ErrorResponse(errorCode(m.getErrorCodeValue()), m.getErrorMessage());
        }
        throw new IllegalArgumentException("not a wire message: type=" + type.getName());
    }

    private static List<LogRecord> fromProto(List<dev.tenx.common.wire.proto.LogRecord> records) {
        List<LogRecord> out = new ArrayList<>(records.size());
        for (var r : records) {
            out.add(new LogRecord(bytes(r.getKey()), bytes(r.getValue()), r.getTimestampMs()));
        }
        return out;
    }

    private static byte[] bytes(ByteString s) {
        return s.toByteArray();
    }

    private static ErrorCode errorCode(int id) {
        ErrorCode[] codes = ErrorCode.values();
        if (id < 0 || id >= codes.length) {
            throw new IllegalArgumentException("unknown error code: id=" + id);
        }
        return codes[id];
    }

    private static final int PRODUCER_ID_TAG = RecordsDescriptor.tag(1, WireFormat.WIRETYPE_VARINT);
    private static final int BASE_SEQUENCE_TAG = RecordsDescriptor.tag(2, WireFormat.WIRETYPE_VARINT);

    /**
     * Scans the envelope's two varints, then validates every record by its tags and lengths
     * without building it ({@link ProtobufRecords#validate}): decoded only at the edge, by the
     * consumer. Reads the body where it lies ({@link ProtobufReader}), never copying it. The batch
     * is a slice of the body from the first record's tag to its end.
     */
    @Override
    public RecordBatch decodeProduceRequest(ByteBuf body) {
        ProtobufReader in = new ProtobufReader(body);
        Long producerId = null;
        Integer baseSequence = null;
        while (!in.isAtEnd()) {
            int recordsStart = in.position();
            int tag = in.readTag();
            if (tag == PRODUCER_ID_TAG && producerId == null) {
                producerId = in.readVarint64();
            } else if (tag == BASE_SEQUENCE_TAG && baseSequence == null) {
                baseSequence = in.readVarint32();
            } else if (tag == RecordsDescriptor.RECORD_TAG && producerId != null && baseSequence != null) {
                return batchFrom(body, recordsStart, producerId, baseSequence);
            } else {
                throw ProtobufRecords.corrupt("ProduceRequest field tag=" + tag + " is unknown, repeated, of the "
                        + "wrong wire type, or comes before producer_id and base_sequence", null);
            }
        }
        if (producerId == null || baseSequence == null) {
            throw ProtobufRecords.corrupt("ProduceRequest lacks a field: producer_id " + (producerId != null)
                    + ", base_sequence " + (baseSequence != null), null);
        }
        // no records: an empty repeated field is absent in protobuf; well-formed, and the broker's to refuse
        return batchFrom(body, body.writerIndex(), producerId, baseSequence);
    }

    /** {@code recordsStart} is an absolute index: the first record's tag, which validate reads again. */
    private static RecordBatch batchFrom(ByteBuf body, int recordsStart, long producerId, int baseSequence) {
        ByteBuf records = body.slice(recordsStart, body.writerIndex() - recordsStart);
        int count = INSTANCE.validateRecords(records);
        RecordBatch batch = new RecordBatch(producerId, baseSequence, count, records.retain(), null);
        body.skipBytes(body.readableBytes());
        return batch;
    }

    /** Validated by a scan, never decoded: no record is built, no key or value copied. */
    @Override
    public int validateRecords(ByteBuf records) {
        return ProtobufRecords.validate(new ProtobufReader(records));
    }

    @Override
    public ByteBuf encodeRecords(List<LogRecord> records) {
        // the records part alone is a ProduceRequest with only its records set (explicit presence: the rest unwritten)
        return Unpooled.wrappedBuffer(dev.tenx.common.wire.proto.ProduceRequest.newBuilder()
                .addAllRecords(toProto(records)).build().toByteArray());
    }

    @Override
    public List<LogRecord> decodeRecords(ByteBuf records) {
        return ProtobufRecords.decode(records);
    }

    @Override
    public void forEachRecord(ByteBuf records, RecordVisitor visitor) throws IOException {
        ProtobufRecords.forEach(records, visitor);
    }

    /** The records are field 15, after every envelope field; a repeated field needs no closing bytes. */
    @Override
    public boolean recordsFollowEnvelope() {
        return true;
    }

    private static final int ERROR_CODE_TAG = RecordsDescriptor.tag(1, WireFormat.WIRETYPE_VARINT);
    private static final int ERROR_MESSAGE_TAG = RecordsDescriptor.tag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int BASE_OFFSET_TAG = RecordsDescriptor.tag(3, WireFormat.WIRETYPE_VARINT);
    private static final int LOG_END_OFFSET_TAG = RecordsDescriptor.tag(4, WireFormat.WIRETYPE_VARINT);

    /**
     * The four envelope fields, each present (explicit presence), in field order as protobuf-java
     * writes them, written where they go: no message object, no builder, no array. A test checks
     * the bytes against {@link #encode}'s.
     * <pre>
     *  08 error_code | 12 len error_message (UTF-8) | 18 base_offset | 20 log_end_offset
     * </pre>
     */
    @Override
    public void writeFetchEnvelope(ByteBuf out, ErrorCode errorCode, String errorMessage, long baseOffset,
                                   long logEndOffset) {
        writeVarint(out, ERROR_CODE_TAG);
        writeVarint(out, errorCode.id());
        writeVarint(out, ERROR_MESSAGE_TAG);
        writeVarint(out, ByteBufUtil.utf8Bytes(errorMessage));
        out.writeCharSequence(errorMessage, StandardCharsets.UTF_8);
        writeVarint(out, BASE_OFFSET_TAG);
        writeVarint(out, baseOffset);
        writeVarint(out, LOG_END_OFFSET_TAG);
        writeVarint(out, logEndOffset);
    }

    /** A base-128 varint, low bits first; a negative number takes ten bytes, as protobuf writes an int64. */
    private static void writeVarint(ByteBuf out, long value) {
        long rest = value;
        while ((rest & ~VARINT_PAYLOAD_MASK) != 0) {
            out.writeByte((int) ((rest & VARINT_PAYLOAD_MASK) | VARINT_CONTINUES));
            rest >>>= VARINT_PAYLOAD_BITS;
        }
        out.writeByte((int) rest);
    }

    private static final int VARINT_PAYLOAD_BITS = 7;
    private static final long VARINT_PAYLOAD_MASK = 0x7F;
    private static final long VARINT_CONTINUES = 0x80;

    /** The envelope's fields, then the records part as it is: both are field-ordered protobuf, so this is one body. */
    @Override
    public ByteBuf encodeFetchResponse(ByteBufAllocator alloc, FetchResponse envelope, ByteBuf records) {
        if (!envelope.records().isEmpty()) {
            throw new IllegalArgumentException("a fetch envelope carries no records itself; got "
                    + envelope.records().size());
        }
        byte[] head = encode(envelope);
        ByteBuf body = alloc.buffer(head.length + records.readableBytes());
        return body.writeBytes(head).writeBytes(records, records.readerIndex(), records.readableBytes());
    }
}
