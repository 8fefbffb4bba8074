package dev.tenx.pipeline;

import dev.tenx.common.wire.ErrorCode;
import dev.tenx.common.wire.LogRecord;
import dev.tenx.common.wire.ProduceRequest;
import dev.tenx.common.wire.ProduceResponse;
import dev.tenx.naive.ProduceHandler;
import java.util.ArrayList;
import java.util.List;

/**
 * Stands for stage 0's produce path over a store: appends every request's records at dense
 * offsets, in memory, and keeps what it appended, in order. It can be told to fail its next
 * append, as a full disk would. Thread-safe: {@link #produce} is synchronized, as a broker's
 * store serializes appends.
 */
final class InMemoryLog implements ProduceHandler {

    private final List<ProduceRequest> appended = new ArrayList<>();
    private final List<LogRecord> records = new ArrayList<>();
    private ErrorCode failNextWith;

    @Override
    public synchronized ProduceResponse produce(ProduceRequest request) {
        if (failNextWith != null) {
            ErrorCode code = failNextWith;
            failNextWith = null;
            return ProduceResponse.error(code, "append failed (scripted)");
        }
        long baseOffset = records.size();
        Thread.yield(); // widens the window between a check and its append, for concurrency tests
        appended.add(request);
        records.addAll(request.records());
        return ProduceResponse.ok(baseOffset);
    }

    synchronized void failNextAppendWith(ErrorCode code) {
        failNextWith = code;
    }

    /** The requests appended, in order. */
    synchronized List<ProduceRequest> appended() {
        return List.copyOf(appended);
    }

    /** The base sequence of each request appended, in order. */
    synchronized List<Integer> appendedSequences() {
        return appended.stream().map(ProduceRequest::baseSequence).toList();
    }

    /** The first byte of each record's value, in log order: what the sender tests number records by. */
    synchronized List<Integer> values() {
        return records.stream().map(r -> (int) r.value()[0]).toList();
    }
}
