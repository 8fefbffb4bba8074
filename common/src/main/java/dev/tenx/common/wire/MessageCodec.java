package dev.tenx.common.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.util.List;

/**
 * Turns a {@link Message} into the body bytes of a frame and back. Implementations are
 * stateless and thread-safe. Decoding a body that is not a valid {@code type} throws
 * {@link ProtocolException} with {@link ErrorCode#CORRUPT_MESSAGE}, never anything else.
 */
public interface MessageCodec {

    Encoding encoding();

    /** A new array holding the encoded body. */
    byte[] encode(Message message);

    /**
     * Reads all readable bytes of {@code body} as one {@code type} and consumes them: on return
     * the reader index is at the writer index, whatever the encoding. Does not release it.
     */
    <T extends Message> T decode(Class<T> type, ByteBuf body);

    /**
     * The broker's side of a produce request: checks the envelope and every record as strictly as
     * {@link #decode} does, and returns the records as the bytes that arrived (a retained slice of
     * {@code body}, in the layout of {@link RecordsDescriptor}) with the envelope's fields.
     * Consumes {@code body}; does not release it. The caller releases the batch.
     */
    RecordBatch decodeProduceRequest(ByteBuf body);

    /** {@code records} as a records part ({@link RecordsDescriptor}): what a fetch response carries. */
    ByteBuf encodeRecords(List<LogRecord> records);

    /** The records of a records part, in order; does not move its indexes or release it. */
    List<LogRecord> decodeRecords(ByteBuf records);

    /**
     * Visits the records of a records part, in order, without building them where the encoding
     * allows (protobuf: each record's fields are found by the scan the broker validated the
     * request with, and read where they lie). Does not move {@code records}' indexes or release it.
     * The default decodes them into objects first, as a text encoding has to.
     */
    default void forEachRecord(ByteBuf records, RecordVisitor visitor) throws IOException {
        for (LogRecord record : decodeRecords(records)) {
            visitor.visit(record);
        }
    }

    /**
     * A fetch response body: {@code envelope} (whose own records list is empty), then
     * {@code records} as they are, a records part in this encoding; an empty buffer stands for no
     * records. Does not release {@code records}.
     */
    ByteBuf encodeFetchResponse(ByteBufAllocator alloc, FetchResponse envelope, ByteBuf records);

    /**
     * At least as many bytes as one record with these key and value lengths adds to an encoded
     * {@link ProduceRequest} body, whatever its timestamp. A batching producer sizes its batches
     * with it, so that it encodes each record once, with its batch, and never twice.
     */
    int recordSizeUpperBound(int keyBytes, int valueBytes);

    /** At least the bytes of an encoded {@link ProduceRequest} body that holds no record. */
    int produceRequestOverheadUpperBound();

    static MessageCodec forEncoding(Encoding encoding) {
        return switch (encoding) {
            case JSON -> JsonCodec.INSTANCE;
            case PROTOBUF -> ProtobufCodec.INSTANCE;
        };
    }
}
