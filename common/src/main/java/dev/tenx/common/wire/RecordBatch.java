package dev.tenx.common.wire;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.util.List;

/**
 * One produce request's records as the broker received them: the producer's id and first
 * sequence number, the record count, and the records as the bytes that arrived, in the
 * encoding's records layout ({@link MessageCodec#decodeProduceRequest}). A store that keeps
 * batches as they arrived writes {@link #records()} as it is; one that keeps records its own way
 * asks for {@link #decodedRecords(MessageCodec)}.
 *
 * <p>Ownership: the codec builds a batch on the connection's event-loop thread, holding a
 * retained slice of the request frame; the broker releases it once the produce handler has
 * returned. A handler or store that needs the bytes after it returns (to write them from another
 * thread) retains them itself. Not thread-safe; read it on the thread it was handed to.
 */
public final class RecordBatch {

    private final long producerId;
    private final int baseSequence;
    private final int recordCount;
    private final ByteBuf records;
    private final List<LogRecord> decoded;

    /**
     * @param decoded the records as objects when the codec had to build them to validate the
     *                request (JSON does), so that nobody decodes them twice; {@code null} otherwise
     */
    public RecordBatch(long producerId, int baseSequence, int recordCount, ByteBuf records, List<LogRecord> decoded) {
        if (decoded != null && decoded.size() != recordCount) {
            throw new IllegalArgumentException("recordCount=" + recordCount + " but decoded.size=" + decoded.size());
        }
        this.producerId = producerId;
        this.baseSequence = baseSequence;
        this.recordCount = recordCount;
        this.records = records;
        this.decoded = decoded;
    }

    public long producerId() {
        return producerId;
    }

    public int baseSequence() {
        return baseSequence;
    }

    public int recordCount() {
        return recordCount;
    }

    /** The records' bytes as they arrived; the caller must not move its indexes (use a duplicate). */
    public ByteBuf records() {
        return records;
    }

    /** Bytes of {@link #records()}: what a store that keeps batches whole writes. */
    public int sizeInBytes() {
        return records.readableBytes();
    }

    /** The records as objects: those the codec built while validating, or decoded now. */
    public List<LogRecord> decodedRecords(MessageCodec codec) {
        return decoded != null ? decoded : codec.decodeRecords(records.duplicate());
    }

    /**
     * Visits the records in order: the objects the codec built while validating, or the bytes as
     * they arrived, read in place where the codec can ({@link MessageCodec#forEachRecord}).
     */
    public void forEachRecord(MessageCodec codec, RecordVisitor visitor) throws IOException {
        if (decoded == null) {
            codec.forEachRecord(records, visitor);
            return;
        }
        for (LogRecord record : decoded) {
            visitor.visit(record);
        }
    }

    /** Gives the broker's reference back; once, after the produce handler has returned. */
    public void release() {
        records.release();
    }

    @Override
    public String toString() {
        return "RecordBatch[producerId=" + producerId + ", baseSequence=" + baseSequence + ", recordCount="
                + recordCount + ", bytes=" + records.readableBytes() + "]";
    }
}
