package dev.tenx.sequential;

import dev.tenx.common.wire.LogRecord;
import dev.tenx.common.wire.ProduceRequest;
import dev.tenx.common.wire.ProtobufCodec;
import dev.tenx.common.wire.RecordBatch;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Batches as the broker hands them to the log: encoded by a producer, scanned by the codec. */
final class LogFixtures {

    static final ProtobufCodec CODEC = ProtobufCodec.INSTANCE;

    private LogFixtures() {}

    /** {@code count} records whose values name {@code batch} and their place in it. */
    static List<LogRecord> records(int batch, int count) {
        List<LogRecord> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(new LogRecord(("k" + batch).getBytes(StandardCharsets.UTF_8),
                    ("batch-" + batch + "-record-" + i).getBytes(StandardCharsets.UTF_8), batch * 1_000L + i));
        }
        return out;
    }

    /** The batch the codec makes of a produce request holding {@code records}; the caller releases it. */
    static RecordBatch batch(List<LogRecord> records) {
        ByteBuf body = Unpooled.wrappedBuffer(CODEC.encode(ProduceRequest.of(records)));
        try {
            return CODEC.decodeProduceRequest(body);
        } finally {
            body.release();
        }
    }
}
