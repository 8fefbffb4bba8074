package dev.tenx.common.wire;

/**
 * Read from {@code offset} on, at most {@code maxRecords} records and about {@code maxBytes}
 * of key and value bytes. The first record is returned even when it alone exceeds
 * {@code maxBytes}, as Kafka does, so a large record can never block a consumer.
 */
public record FetchRequest(long offset, int maxRecords, int maxBytes) implements Message {
}
