package dev.tenx.workshop;

import dev.tenx.common.spi.ConsumedRecord;
import dev.tenx.common.spi.Consumer;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reads the log back from offset 0 with a fresh consumer, as fast as {@code poll()} returns, up
 * to the log end the produce phase left or until the time cap. Rates count only the records
 * read and the time spent polling; opening the consumer is not timed.
 *
 * <p>Threads: {@link #run} runs on the calling thread, which owns the consumer;
 * {@link #recordsRead()} may be read from any thread (the progress line).
 */
public final class Replay {

    /** What the replay read and how long it took; {@code complete} is false when the cap cut it short. */
    public record Result(long records, long bytes, long nanos, boolean complete,
                         double recordsPerSecond, double megabytesPerSecond) {

        static Result of(long records, long bytes, long nanos, boolean complete) {
            return new Result(records, bytes, nanos, complete,
                    Rates.perSecond(records, nanos), Rates.megabytesPerSecond(bytes, nanos));
        }
    }

    private volatile long recordsRead;

    public Result run(Consumer consumer, long logEnd, long maxMs) {
        consumer.seek(0);
        long records = 0;
        long bytes = 0;
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(maxMs);
        long now = start;
        while (consumer.position() < logEnd && now < deadline) {
            List<ConsumedRecord> batch = consumer.poll();
            for (ConsumedRecord r : batch) {
                bytes += r.record().payloadSize();
            }
            records += batch.size();
            recordsRead = records;
            now = System.nanoTime();
        }
        return Result.of(records, bytes, now - start, consumer.position() >= logEnd);
    }

    public long recordsRead() {
        return recordsRead;
    }
}
