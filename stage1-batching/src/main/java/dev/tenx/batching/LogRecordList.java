package dev.tenx.batching;

import dev.tenx.common.wire.LogRecord;
import dev.tenx.common.wire.MessageCodec;
import dev.tenx.common.wire.ProduceRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;

/**
 * This stage's batch records: a {@link LogRecord} object per record, and the whole batch encoded
 * by the stage's codec when it is sent (again for a retry). What {@code send()} paid before
 * batching, an object per record and an encode per request, it still pays; batching only spreads
 * the request's fixed costs. The binary-encoding stage encodes each record once, in
 * {@code send()}, instead.
 *
 * <p>Thread-safety: as {@link BatchRecords}.
 */
public final class LogRecordList implements BatchRecords {

    private final MessageCodec codec;
    private final List<LogRecord> records = new ArrayList<>();

    private LogRecordList(MessageCodec codec) {
        this.codec = codec;
    }

    /** Batches that keep record objects and encode them with {@code codec} at send time. */
    public static BatchRecords.Factory encodedAtSendBy(MessageCodec codec) {
        return capacityBytes -> new LogRecordList(codec);
    }

    @Override
    public void append(byte[] key, byte[] value, long timestampMs) {
        records.add(new LogRecord(key, value, timestampMs));
    }

    @Override
    public ByteBuf requestBody(long producerId, int baseSequence) {
        return Unpooled.wrappedBuffer(codec.encode(new ProduceRequest(producerId, baseSequence, records)));
    }

    @Override
    public String toString() {
        return "LogRecordList[records=" + records.size() + ", encoding=" + codec.encoding() + "]";
    }
}
