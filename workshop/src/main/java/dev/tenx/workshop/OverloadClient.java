package dev.tenx.workshop;

import dev.tenx.common.metrics.BrokerCounters;
import dev.tenx.common.spi.ConsumedRecord;
import dev.tenx.common.spi.Consumer;
import dev.tenx.common.spi.Producer;
import dev.tenx.common.spi.ProducerMetrics;
import dev.tenx.common.spi.RecordMetadata;
import dev.tenx.common.spi.Stage;
import dev.tenx.common.spi.Stages;
import dev.tenx.common.config.HostPort;
import dev.tenx.common.wire.ApiKey;
import dev.tenx.common.wire.BlockingClient;
import dev.tenx.common.wire.FetchRequest;
import dev.tenx.common.wire.Frames;
import dev.tenx.common.wire.MessageCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The overload client's JVM, {@code OverloadClient <task.json>}: open-loop producers that send on
 * a fixed timetable whatever happens to the records before (no window of the runner's, so the
 * only bound is the producer's own), one raw connection that pipelines fetches and reads none,
 * and a sampler that every {@code overload.sample.ms} appends one {@link OverloadSample} to the
 * samples file; at the end, a bounded drain and a read-back of the log against every
 * acknowledgement ({@link OverloadResult}). Latency runs from each record's intended send time.
 *
 * <p>Threads: one per producer sends; completions run on the producers' I/O threads and touch
 * only adders and the recorder; the sampler thread reads gauges and the broker's Stats; the main
 * thread starts and stops everything and reads the log back.
 */
public final class OverloadClient {

    private static final byte[] EMPTY_KEY = new byte[0];
    private static final Duration STATS_TIMEOUT = Duration.ofSeconds(2);
    private static final int SMALL_RECEIVE_BUFFER_BYTES = 4 * 1024;
    /** The unread fetches start once a quarter of the run has passed: by then the log is megabytes long. */
    private static final int UNREAD_FETCHES_AFTER_QUARTERS = 4;
    private static final long NANOS_PER_MS = TimeUnit.MILLISECONDS.toNanos(1);

    private final OverloadTask task;
    private final Stage stage;
    private final byte[] value;
    private final Recorder latency = Histograms.newRecorder();
    private final Histogram total = Histograms.newHistogram();
    private final LongAdder attempts = new LongAdder();
    private final LongAdder acknowledged = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final LongAccumulator maxOffset = new LongAccumulator(Math::max, -1);
    private volatile boolean sending = true;

    private OverloadClient(OverloadTask task) {
        this.task = task;
        this.stage = Stages.byName(task.stage());
        this.value = LoadGenerator.payload(task.recordSize());
    }

    public static void main(String[] args) {
        ClientMain.exitWhenTheRunnerGoes(System.in);
        try {
            OverloadTask task = ClientMain.JSON.readValue(Path.of(args[0]).toFile(), OverloadTask.class);
            OverloadResult result = new OverloadClient(task).run();
            ClientMain.JSON.writeValue(Path.of(task.resultFile()).toFile(), result);
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(ClientMain.EXIT_FAILED);
        }
        System.exit(0);
    }

    private OverloadResult run() throws Exception {
        List<Producer> producers = new ArrayList<>();
        for (int i = 0; i < task.producers(); i++) {
            producers.add(stage.newProducer(task.producerProps()));
        }
        long startNanos = System.nanoTime();
        List<Thread> senders = new ArrayList<>();
        for (int i = 0; i < producers.size(); i++) {
            int index = i;
            Thread sender = new Thread(() -> send(producers.get(index), index, startNanos), "overload-" + i);
            sender.setDaemon(true);
            senders.add(sender);
        }
        senders.forEach(Thread::start);
        Thread unread = task.unreadFetches() > 0 ? startUnreadFetches() : null;
        sample(producers, startNanos);
        long acknowledgedInWindow = acknowledged.sum();
        sending = false;
        for (Thread sender : senders) {
            sender.join(TimeUnit.SECONDS.toMillis(1));
        }
        long attemptsPerRun = attempts.sum();
        boolean drained = drain(producers);
        long bufferedAfter = buffered(producers);
        if (unread != null) {
            unread.interrupt();
        }
        Histogram last = latency.getIntervalHistogram();
        total.add(last);
        String[] verification = new String[1];
        Boolean verified = drained ? verify(verification) : null;
        if (!drained) {
            verification[0] = "not checked: the producers did not drain within overload.drain.ms=" + task.drainMs();
        }
        double seconds = task.durationMs() / 1_000.0;
        Map<String, Long> byType = new TreeMap<>();
        errors.forEach((type, count) -> byType.put(type, count.sum()));
        return new OverloadResult(task.offeredPerSecond(), attemptsPerRun / seconds, acknowledgedInWindow / seconds,
                acknowledged.sum(), ms(total, Histograms.P50), ms(total, Histograms.P99), ms(total, Histograms.P999),
                total.getTotalCount() == 0 ? Double.NaN : total.getMaxValue() / (double) NANOS_PER_MS, byType, drained,
                bufferedAfter, verified, verification[0]);
    }

    /** One producer's share of the timetable: records due every {@code producers / offered} seconds. */
    private void send(Producer producer, int index, long startNanos) {
        double periodNanos = TimeUnit.SECONDS.toNanos(1) * task.producers() / task.offeredPerSecond();
        long endNanos = startNanos + TimeUnit.MILLISECONDS.toNanos(task.durationMs());
        for (long k = 0; sending; k++) {
            long dueNanos = startNanos + (long) ((k + (double) index / task.producers()) * periodNanos);
            if (dueNanos >= endNanos) {
                return;
            }
            for (long wait = dueNanos - System.nanoTime(); wait > 0 && sending; wait = dueNanos - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            attempts.increment();
            CompletableFuture<RecordMetadata> ack;
            try {
                ack = producer.send(EMPTY_KEY, value);
            } catch (RuntimeException e) {
                ack = CompletableFuture.failedFuture(e);
            }
            ack.whenComplete((metadata, error) -> completed(dueNanos, metadata, error));
        }
    }

    private void completed(long dueNanos, RecordMetadata metadata, Throwable error) {
        if (error != null) {
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            failed.increment();
            errors.computeIfAbsent(cause.getClass().getSimpleName(), type -> new LongAdder()).increment();
            return;
        }
        latency.recordValue(Math.max(0, System.nanoTime() - dueNanos));
        acknowledged.increment();
        maxOffset.accumulate(metadata.offset());
    }

    /** Samples until the timetable ends, appending each sample as a line of JSON. */
    private void sample(List<Producer> producers, long startNanos) throws IOException, InterruptedException {
        Path file = Path.of(task.samplesFile());
        InetSocketAddress broker = resolved(task.brokerAddress());
        BlockingClient stats = null;
        long lastAcked = 0;
        long lastFailed = 0;
        long lastNanos = startNanos;
        long endNanos = startNanos + TimeUnit.MILLISECONDS.toNanos(task.durationMs());
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND))) {
            while (System.nanoTime() < endNanos) {
                TimeUnit.MILLISECONDS.sleep(task.sampleMs());
                long now = System.nanoTime();
                Histogram interval = latency.getIntervalHistogram();
                total.add(interval);
                Map<String, Long> counters = Map.of();
                try {
                    if (stats == null) {
                        stats = new BlockingClient(broker, stage.encoding(), STATS_TIMEOUT);
                    }
                    counters = stats.stats().counters();
                } catch (IOException e) {
                    stats = closeQuietly(stats); // no answer within the timeout, or the broker is gone
                }
                double seconds = (now - lastNanos) / 1e9;
                long acked = acknowledged.sum();
                long failures = failed.sum();
                OverloadSample sample = new OverloadSample(TimeUnit.NANOSECONDS.toMillis(now - startNanos),
                        (acked - lastAcked) / seconds, (failures - lastFailed) / seconds, ms(interval, Histograms.P99),
                        buffered(producers), counters.getOrDefault(BrokerCounters.JVM_HEAP_USED_BYTES, -1L),
                        admissionCounters(counters));
                out.println(ClientMain.JSON.writeValueAsString(sample));
                out.flush();
                lastAcked = acked;
                lastFailed = failures;
                lastNanos = now;
            }
        } finally {
            closeQuietly(stats);
        }
    }

    private static Map<String, Long> admissionCounters(Map<String, Long> counters) {
        Map<String, Long> picked = new TreeMap<>();
        for (String key : List.of(BrokerCounters.READS_PAUSED_QUEUED, BrokerCounters.READS_PAUSED_CONNECTION,
                BrokerCounters.READS_PAUSED_UNWRITABLE, BrokerCounters.QUEUED_REQUEST_BYTES,
                BrokerCounters.CONNECTIONS_REFUSED, BrokerCounters.CONNECTIONS_CLOSED_STALLED)) {
            if (counters.containsKey(key)) {
                picked.put(key, counters.get(key));
            }
        }
        return picked;
    }

    /**
     * A connection that asks for the log {@code overload.unread.fetches} times, each answer up to
     * {@code fetch.max.bytes}, and reads none: a consumer that fell behind and stopped reading.
     */
    private Thread startUnreadFetches() {
        Thread thread = new Thread(() -> {
            try (Socket socket = new Socket()) {
                TimeUnit.MILLISECONDS.sleep(task.durationMs() / UNREAD_FETCHES_AFTER_QUARTERS);
                socket.setReceiveBufferSize(SMALL_RECEIVE_BUFFER_BYTES);
                socket.connect(resolved(task.brokerAddress()));
                MessageCodec codec = MessageCodec.forEncoding(stage.encoding());
                OutputStream out = socket.getOutputStream();
                for (int i = 0; i < task.unreadFetches(); i++) {
                    out.write(Frames.toArray(codec, ApiKey.FETCH, i, new FetchRequest(0, Integer.MAX_VALUE,
                            Integer.MAX_VALUE)));
                }
                out.flush(); // blocks once the broker stops reading: that is the point
                TimeUnit.MILLISECONDS.sleep(task.durationMs());
            } catch (IOException | InterruptedException e) {
                // the run is over, or the broker closed it
            }
        }, "unread-fetches");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Closes every producer (each flushes what it holds) within {@code overload.drain.ms} in all. */
    private boolean drain(List<Producer> producers) throws InterruptedException {
        List<Thread> closers = new ArrayList<>();
        for (Producer producer : producers) {
            Thread closer = new Thread(producer::close, "overload-close");
            closer.setDaemon(true);
            closer.start();
            closers.add(closer);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(task.drainMs());
        for (Thread closer : closers) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                closer.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
        return closers.stream().noneMatch(Thread::isAlive);
    }

    /** Reads the log from 0 and checks every record up to the highest acknowledged offset: dense and the bytes sent. */
    private Boolean verify(String[] verification) {
        long end = maxOffset.get() + 1;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(task.verifyMs());
        long read = 0;
        try (Consumer consumer = stage.newConsumer(task.consumerProps())) {
            consumer.seek(0);
            while (read < end) {
                List<ConsumedRecord> batch = consumer.poll();
                if (batch.isEmpty() || System.nanoTime() > deadline) {
                    break;
                }
                for (ConsumedRecord record : batch) {
                    if (record.offset() != read || !Arrays.equals(record.record().value(), value)) {
                        verification[0] = "offset " + record.offset() + " read where " + read
                                + " was expected, or with other bytes than were sent";
                        return false;
                    }
                    read++;
                }
            }
        } catch (RuntimeException e) {
            verification[0] = "the read-back failed: " + e;
            return false;
        }
        boolean all = read >= end;
        verification[0] = (all ? "all " : "only ") + read + " of the " + end + " offsets up to the highest acknowledged"
                + " read back" + (all ? ", each with the bytes sent" : " within overload.verify.ms=" + task.verifyMs());
        return all;
    }

    private static long buffered(List<Producer> producers) {
        return producers.stream().mapToLong(p -> p.metrics().getOrDefault(ProducerMetrics.BUFFERED_BYTES, 0L)).sum();
    }

    private static double ms(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? Double.NaN
                : histogram.getValueAtPercentile(percentile) / (double) NANOS_PER_MS;
    }

    private static InetSocketAddress resolved(String address) {
        InetSocketAddress parsed = HostPort.parse("broker", address);
        return new InetSocketAddress(parsed.getHostString(), parsed.getPort());
    }

    private static BlockingClient closeQuietly(BlockingClient client) {
        if (client != null) {
            try {
                client.close();
            } catch (IOException e) {
                // closing a connection that failed: nothing left to do
            }
        }
        return null;
    }
}
