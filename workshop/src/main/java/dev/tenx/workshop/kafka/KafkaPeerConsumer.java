package dev.tenx.workshop.kafka;

import dev.tenx.common.errors.TimeoutException;
import dev.tenx.common.spi.ConsumedRecord;
import dev.tenx.common.spi.Consumer;
import dev.tenx.common.wire.LogRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Kafka's own consumer behind the stages' {@link Consumer}: assigned the peer's one partition
 * (no group, nothing committed), positioned by {@code seek}. The stages' {@code poll} returns
 * what one fetch brings and nothing only at the log end, where Kafka's may return nothing while a
 * fetch is on its way; so at a position below the log end this one polls until records come, and
 * asks the broker for the log end only when the position reaches the last one it knew (a
 * ListOffsets request: once per pass of a replay, not once per poll).
 *
 * <p>Not thread-safe, as Kafka's consumer is not.
 */
final class KafkaPeerConsumer implements Consumer {

    private static final byte[] EMPTY = new byte[0];
    private static final Duration POLL_WAIT = Duration.ofMillis(100);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final TopicPartition partition;
    private final Duration timeout;
    private long knownLogEnd;

    KafkaPeerConsumer(Map<String, Object> kafkaProps, String topic) {
        this.consumer = new KafkaConsumer<>(kafkaProps);
        this.partition = new TopicPartition(topic, 0);
        this.timeout = Duration.ofMillis(Long.parseLong((String) kafkaProps.get("request.timeout.ms")));
        consumer.assign(Set.of(partition));
        consumer.seek(partition, 0);
    }

    @Override
    public void seek(long offset) {
        consumer.seek(partition, offset);
    }

    @Override
    public long position() {
        return consumer.position(partition, timeout);
    }

    @Override
    public List<ConsumedRecord> poll() {
        long position = position();
        if (position >= knownLogEnd) {
            knownLogEnd = consumer.endOffsets(Set.of(partition), timeout).get(partition);
            if (position >= knownLogEnd) {
                return List.of();
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL_WAIT);
            if (!records.isEmpty()) {
                return converted(records);
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("no records from offset " + position + " within " + timeout.toMillis()
                        + " ms, below the log end " + knownLogEnd);
            }
        }
    }

    private List<ConsumedRecord> converted(ConsumerRecords<byte[], byte[]> records) {
        List<ConsumedRecord> converted = new ArrayList<>(records.count());
        for (ConsumerRecord<byte[], byte[]> r : records.records(partition)) {
            converted.add(new ConsumedRecord(r.offset(), new LogRecord(orEmpty(r.key()), orEmpty(r.value()),
                    r.timestamp())));
        }
        return converted;
    }

    private static byte[] orEmpty(byte[] bytes) {
        return bytes == null ? EMPTY : bytes;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
