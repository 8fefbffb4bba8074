package dev.tenx.common.spi;

/** Where an acknowledged record sits in the log. */
public record RecordMetadata(long offset) {
}
