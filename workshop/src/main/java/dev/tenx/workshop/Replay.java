package dev.tenx.workshop;

import dev.tenx.common.spi.Consumer;
import dev.tenx.common.spi.RecordHandler;
import dev.tenx.common.wire.RecordView;
import java.util.concurrent.TimeUnit;

/**
 * Reads the log back with a consumer, as fast as {@code poll(RecordHandler)} returns, for a
 * fixed time: from offset 0 to the log end the produce phase left, then from offset 0 again,
 * until the time is up. A fixed time rather than one pass, because a fast stage reads its whole
 * log in a second or two: one pass would be too short to measure on a noisy machine, and a slow
 * stage (stage 0) does not finish one. Rates count only the records read and the time spent
 * polling.
 *
 * <p>{@link Result#broker()}: the broker process's costs over the measured replay, per record
 * read (null when not measured): what serving a fetch costs, the figure a fewer-copies stage
 * changes. {@link Result#client()}: the same for the client's JVM, whose one busy thread then is
 * the consumer: what reading the answers costs.
 *
 * <p>Threads: {@link #run} runs on the calling thread, which owns the consumer.
 */
public final class Replay {

    private Replay() {}

    /**
     * What the replay read and how long it took. {@code passes}: records read / log length, so
     * 2.5 means the log was read twice and half again.
     */
    public record Result(long records, long bytes, long nanos, double passes,
                         double recordsPerSecond, double megabytesPerSecond, Costs.ProcessCosts broker,
                         Costs.ProcessCosts client) {

        /** A replay whose process costs were not measured. */
        public Result(long records, long bytes, long nanos, double passes, double recordsPerSecond,
                      double megabytesPerSecond) {
            this(records, bytes, nanos, passes, recordsPerSecond, megabytesPerSecond, null, null);
        }

        static Result of(long records, long bytes, long nanos, long logEnd) {
            return new Result(records, bytes, nanos, logEnd == 0 ? 0 : (double) records / logEnd,
                    Rates.perSecond(records, nanos), Rates.megabytesPerSecond(bytes, nanos));
        }

        /** This result with what it cost the broker and the client (the consumer's JVM), per replayed record. */
        Result withCosts(Costs.ProcessCosts brokerCosts, Costs.ProcessCosts clientCosts) {
            return new Result(records, bytes, nanos, passes, recordsPerSecond, megabytesPerSecond, brokerCosts,
                    clientCosts);
        }
    }

    /** Reads for {@code ms}, starting over at offset 0 whenever the position reaches {@code logEnd}. */
    public static Result run(Consumer consumer, long logEnd, long ms) {
        long records = 0;
        PayloadBytes payload = new PayloadBytes();
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(ms);
        long now = start;
        consumer.seek(0);
        while (logEnd > 0 && now < deadline) {
            if (consumer.position() >= logEnd) {
                consumer.seek(0);
            }
            records += consumer.poll(payload);
            now = System.nanoTime();
        }
        return Result.of(records, payload.bytes, now - start, logEnd);
    }

    /**
     * The replay's application: it reads each record's key and value lengths, where the record
     * lies, and keeps nothing. Every stage and peer hands it the same views; a consumer that
     * copied the key and value into arrays before the call (stages 0 to 4, Kafka's) has already
     * paid that copy, the fewer-copies stage's consumer has not. An application that copies every
     * value pays it back.
     */
    private static final class PayloadBytes implements RecordHandler {
        long bytes;

        @Override
        public void onRecord(long offset, RecordView record) {
            bytes += record.keyLength() + record.valueLength();
        }
    }
}
