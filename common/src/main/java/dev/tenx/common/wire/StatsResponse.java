package dev.tenx.common.wire;

import java.util.Map;
import java.util.Objects;

/** The broker's counters by name, for example {@code fsyncs}; see {@code BrokerCounters}. */
public record StatsResponse(Map<String, Long> counters) implements Message {

    public StatsResponse {
        Objects.requireNonNull(counters, "counters");
    }
}
