package dev.tenx.batching;

import dev.tenx.common.config.ProducerConfig;
import dev.tenx.common.errors.DisconnectedException;
import dev.tenx.common.errors.RecordTooLargeException;
import dev.tenx.common.spi.Producer;
import dev.tenx.common.spi.ProducerMetrics;
import dev.tenx.common.spi.RecordMetadata;
import dev.tenx.common.wire.FrameDescriptor;
import dev.tenx.common.wire.MessageCodec;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A producer whose {@code send} returns at once: it checks the record's size, leaves it in the
 * {@link RecordAccumulator} and returns the record's future. An I/O thread hands ready batches
 * to a {@link BatchSender}, which sends them and completes their futures. This stage plugs in
 * {@link Sender}, one batch at a time; the pipelining stage plugs in its own sender.
 *
 * <p>Thread-safety: {@code send}, {@code flush} and {@code metrics} from any thread;
 * {@code close} once. The accumulator is shared with the I/O thread, which alone calls the sender.
 * Futures complete on the I/O thread, as Kafka's callbacks do: a callback that blocks stalls
 * every batch behind it.
 */
public final class BatchingProducer implements Producer {

    private static final Logger LOG = Logger.getLogger(BatchingProducer.class.getName());

    private final MessageCodec codec;
    private final Clock clock;
    private final int maxRequestSize;
    private final RecordAccumulator accumulator;
    private final BatchSender sender;
    private final Thread ioThread;

    /**
     * Connects (through {@code newSender}) and starts the I/O thread.
     *
     * @param records   how a batch keeps its records until it is sent: objects encoded at send time
     *                  ({@link LogRecordList}), or bytes encoded once in {@code send()}
     * @param newSender builds the sender over the accumulator; connects, and throws when it cannot
     */
    public BatchingProducer(BatchingProducerConfig config, MessageCodec codec, Clock clock, BatchRecords.Factory records,
                            Function<RecordAccumulator, BatchSender> newSender) {
        this(config, codec, clock, records, BufferMemory.UNBOUNDED, newSender);
    }

    /**
     * The same, with each record's memory taken from {@code memory} before it is appended: the
     * seam through which the backpressure stage bounds what the accumulator holds.
     */
    public BatchingProducer(BatchingProducerConfig config, MessageCodec codec, Clock clock, BatchRecords.Factory records,
                            BufferMemory memory, Function<RecordAccumulator, BatchSender> newSender) {
        this.codec = codec;
        this.clock = clock;
        this.maxRequestSize = config.getInt(ProducerConfig.MAX_REQUEST_SIZE);
        this.accumulator = new RecordAccumulator(batchLimitBytes(config, codec),
                config.getInt(BatchingProducerConfig.BATCH_MAX_RECORDS), config.getLong(BatchingProducerConfig.LINGER_MS),
                records, memory);
        this.sender = newSender.apply(accumulator);
        this.ioThread = new Thread(this::runIoThread, "tenx-producer-io");
        ioThread.setDaemon(true);
        ioThread.start();
    }

    /**
     * {@code batch.size}, lowered when needed so that a full batch still fits in one request of
     * {@code max.request.size}: the frame header and the request's own fields come first.
     */
    static int batchLimitBytes(BatchingProducerConfig config, MessageCodec codec) {
        int requestRoom = config.getInt(ProducerConfig.MAX_REQUEST_SIZE)
                - FrameDescriptor.frameLength(codec.produceRequestOverheadUpperBound());
        return Math.min(config.getInt(BatchingProducerConfig.BATCH_SIZE), requestRoom);
    }

    @Override
    public CompletableFuture<RecordMetadata> send(byte[] key, byte[] value) {
        int recordBytes = codec.recordSizeUpperBound(key.length, value.length);
        int frameBytes = FrameDescriptor.frameLength(codec.produceRequestOverheadUpperBound() + recordBytes);
        if (frameBytes > maxRequestSize) {
            return CompletableFuture.failedFuture(new RecordTooLargeException("a request holding this record may take "
                    + frameBytes + " bytes (key=" + key.length + " B, value=" + value.length + " B, encoded as "
                    + codec.encoding() + "), above max.request.size=" + maxRequestSize));
        }
        // The record's timestamp is wall time; linger and timeouts use the injected clock.
        return accumulator.append(key, value, System.currentTimeMillis(), recordBytes, clock.millis());
    }

    /**
     * Sends every batch at once, whatever its linger, and waits until all records sent so far are answered.
     *
     * @throws IllegalStateException when called from a send future's callback: it runs on the I/O
     *                               thread, which would wait for itself
     */
    @Override
    public void flush() {
        if (Thread.currentThread() == ioThread) {
            throw new IllegalStateException("flush() called on the producer's I/O thread (thread=" + ioThread.getName()
                    + "), from a send future's callback: it would wait for itself");
        }
        CompletableFuture<Void> allDone = accumulator.beginFlush();
        try {
            allDone.join(); // completes normally even when batches failed: their futures carry that
        } finally {
            accumulator.endFlush();
        }
    }

    @Override
    public Map<String, Long> metrics() {
        return Map.of(ProducerMetrics.BUFFERED_BYTES, accumulator.bufferedBytes(),
                ProducerMetrics.BUFFERED_RECORDS, accumulator.bufferedRecords(),
                ProducerMetrics.IN_FLIGHT_REQUESTS, (long) sender.inFlightRequests());
    }

    /**
     * Refuses new records, lets the I/O thread send everything accepted, and waits for it to end;
     * the I/O thread closes the connection last. Every request ends within
     * {@code request.timeout.ms} and its retries, so the wait is bounded. Called from a send
     * future's callback, that is on the I/O thread, it only starts the close, as Kafka's
     * {@code close(Duration.ZERO)} does. Interrupted, it fails what is left and returns.
     */
    @Override
    public void close() {
        accumulator.close();
        if (Thread.currentThread() == ioThread) {
            return;
        }
        try {
            ioThread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            accumulator.abort(new DisconnectedException("producer closed while interrupted (thread="
                    + Thread.currentThread().getName() + "): records not yet acknowledged are not known to be stored"));
            ioThread.interrupt();
        }
    }

    private void runIoThread() {
        try {
            while (true) {
                long idleMs = sender.runOnce();
                if (accumulator.isClosed() && accumulator.isEmpty() && sender.isIdle()) {
                    return;
                }
                accumulator.awaitWakeup(idleMs);
            }
        } catch (InterruptedException | RuntimeException | Error e) {
            LOG.log(Level.SEVERE, "producer I/O thread failed; failing every record not yet acknowledged", e);
            accumulator.abort(new DisconnectedException("producer I/O thread failed: " + e, e));
        } finally {
            sender.close(); // here, not in close(): only this thread uses the sender
        }
    }
}
