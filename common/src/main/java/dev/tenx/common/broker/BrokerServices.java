package dev.tenx.common.broker;

import dev.tenx.common.metrics.BrokerCounters;
import dev.tenx.common.wire.MessageCodec;
import java.util.function.LongSupplier;

/**
 * What every connection of one broker shares, built once from the parts. Immutable; thread-safe.
 *
 * @param nanoTime where service times are read: {@code System::nanoTime}, or a test's hand-moved
 *                 ticker (a {@link java.time.Clock} counts milliseconds, and a request takes a few)
 */
record BrokerServices(MessageCodec codec, RecordStore store, ProduceHandler produce, FetchHandler fetch,
                      ResponseWriter responses, RequestLimits limits, BrokerCounters counters, LongSupplier nanoTime) {
}
