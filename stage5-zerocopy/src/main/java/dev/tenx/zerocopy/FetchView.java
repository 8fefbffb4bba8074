package dev.tenx.zerocopy;

import dev.tenx.binary.FetchBuffer;
import dev.tenx.common.spi.ConsumedRecord;
import dev.tenx.common.spi.RecordHandler;
import dev.tenx.common.wire.ErrorCode;
import dev.tenx.common.wire.MessageCodec;
import dev.tenx.common.wire.ProtocolException;
import dev.tenx.common.wire.RecordView;
import dev.tenx.common.wire.RecordVisitor;
import dev.tenx.pipeline.FetchedRecords;
import dev.tenx.pipeline.PipelinedConnection;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A fetch answer whose records reach the application where they arrived: stage 3's
 * {@link FetchBuffer} (envelope read and every record's frame checked on arrival, the records
 * part kept as a slice of the received pooled direct buffer), with one change at poll. Stage 3
 * copies every key and value into arrays before the application sees a record; here
 * {@link #forEach} hands the application one flyweight view per record, over that buffer, and a
 * key or value is copied only if the application asks for it ({@link RecordView#copyValueTo}).
 * An application that reads a record's lengths, timestamp or a few of its bytes pays no copy.
 *
 * <p>The price is a lifetime: a view is valid only during its {@link RecordHandler} call, and
 * the buffer is given back when the poll returns, so the consumer still bounds the memory it
 * holds. {@link #records(long)}, the list API, still copies: its records outlive the poll.
 *
 * <p>A corrupt record anywhere in the answer fails the poll before any record is handed over:
 * every record is scanned (tags and lengths, no copy) before the first is handed out.
 *
 * <p>Thread-safety: as {@link FetchBuffer}, built on the event-loop thread, then read once by the
 * polling thread, or released once by whichever thread abandons it.
 */
final class FetchView implements FetchedRecords {

    private final MessageCodec codec;
    private final FetchBuffer buffer;

    private FetchView(MessageCodec codec, FetchBuffer buffer) {
        this.codec = codec;
        this.buffer = buffer;
    }

    /**
     * The reader a consumer of {@code codec}'s fetch answers is built with.
     *
     * @throws IllegalArgumentException when {@code codec} is not protobuf
     */
    static PipelinedConnection.ResponseReader<FetchedRecords> readerFor(MessageCodec codec) {
        return FetchBuffer.readerFor(codec, buffer -> new FetchView(codec, buffer));
    }

    @Override
    public int forEach(long position, RecordHandler handler) {
        try {
            ByteBuf part = buffer.recordsPart(); // the broker's error, if the answer carries one
            // checked whole before any record is handed over, as stage 3 decodes before it
            // returns: a corrupt record late in the answer must not follow records the
            // application has already acted on. A second scan of tags and lengths, no copy.
            Handing checking = new Handing(buffer.baseOffset(), buffer.count(), IGNORE);
            visit(part, checking);
            if (checking.index != buffer.count()) {
                throw new ProtocolException(ErrorCode.CORRUPT_MESSAGE, "read " + checking.index
                        + " records where the frames counted count=" + buffer.count(), null);
            }
            Handing handing = new Handing(buffer.baseOffset(), buffer.skipped(position), handler);
            // fewer copies: each record handed over as a view of the received buffer; its key and
            // value stay there unless the handler copies them out.
            visit(part, handing);
            return handing.index - handing.skipped;
        } finally {
            buffer.release();
        }
    }

    private void visit(ByteBuf part, Handing handing) {
        try {
            codec.forEachRecord(part, handing);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a RecordVisitor may throw it; Handing does not
        }
    }

    @Override
    public List<ConsumedRecord> records(long position) {
        return buffer.records(position);
    }

    @Override
    public boolean hasRecords() {
        return buffer.hasRecords();
    }

    @Override
    public int count() {
        return buffer.count();
    }

    @Override
    public long baseOffset() {
        return buffer.baseOffset();
    }

    @Override
    public void release() {
        buffer.release();
    }

    @Override
    public String toString() {
        return "FetchView[" + buffer + "]";
    }

    private static final RecordHandler IGNORE = (offset, record) -> { };

    /** Hands each record from the {@code skipped}-th on to the handler, with its offset. One per scan. */
    private static final class Handing implements RecordVisitor {
        private final long baseOffset;
        private final int skipped;
        private final RecordHandler handler;
        private int index;

        Handing(long baseOffset, int skipped, RecordHandler handler) {
            this.baseOffset = baseOffset;
            this.skipped = skipped;
            this.handler = handler;
        }

        @Override
        public void visit(RecordView record) {
            if (index >= skipped) {
                handler.onRecord(baseOffset + index, record);
            }
            index++;
        }
    }
}
