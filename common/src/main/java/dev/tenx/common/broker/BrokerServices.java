package dev.tenx.common.broker;

import dev.tenx.common.metrics.BrokerCounters;
import dev.tenx.common.wire.MessageCodec;

/** What every connection of one broker shares, built once from the parts. Immutable; thread-safe. */
record BrokerServices(MessageCodec codec, RecordStore store, ProduceHandler produce, FetchHandler fetch,
                      ResponseWriter responses, RequestLimits limits, BrokerCounters counters) {
}
