package dev.tenx.common.spi;

import dev.tenx.common.wire.LogRecord;

/** A record read back from the log, with its offset. */
public record ConsumedRecord(long offset, LogRecord record) {
}
