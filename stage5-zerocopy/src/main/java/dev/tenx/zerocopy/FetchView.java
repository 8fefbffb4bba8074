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
 * <p>Thread-safety: as {@link FetchBuffer}, built on the event-loop thread, then read or released
 * once by the polling thread.
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
            Handing handing = new Handing(buffer.baseOffset(), buffer.skipped(position), handler);
            // fewer copies: each record handed over as a view of the received buffer; its key and
            // value stay there unless the handler copies them out.
            codec.forEachRecord(buffer.recordsPart(), handing);
            if (handing.index != buffer.count()) {
                throw new ProtocolException(ErrorCode.CORRUPT_MESSAGE, "read " + handing.index
                        + " records where the frames counted count=" + buffer.count(), null);
            }
            return handing.index - handing.skipped;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a RecordVisitor may throw it; this one does not
        } finally {
            buffer.release();
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

    /** Hands each record from the {@code skipped}-th on to the handler, with its offset. One per poll. */
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
