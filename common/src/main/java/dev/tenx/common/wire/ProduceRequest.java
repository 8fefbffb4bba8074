package dev.tenx.common.wire;

import java.util.List;
import java.util.Objects;

/**
 * Records to append, in order. {@code producerId} and {@code baseSequence} are -1 unless the
 * producer is idempotent (from the pipelining stage on); stage 0 sends -1.
 */
public record ProduceRequest(long producerId, int baseSequence, List<LogRecord> records)
        implements Message {

    public ProduceRequest {
        Objects.requireNonNull(records, "records");
    }

    public static final long NO_PRODUCER_ID = -1L;
    public static final int NO_SEQUENCE = -1;

    public static ProduceRequest of(List<LogRecord> records) {
        return new ProduceRequest(NO_PRODUCER_ID, NO_SEQUENCE, records);
    }
}
