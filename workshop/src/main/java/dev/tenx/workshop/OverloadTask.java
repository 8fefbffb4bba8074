package dev.tenx.workshop;

import java.util.Map;

/**
 * What the overload client's JVM ({@link OverloadClient}) runs for one stage, written as JSON by
 * {@link OverloadRunner}. Immutable.
 *
 * @param offeredPerSecond records per second due in all, spread evenly over the producers
 * @param unreadFetches    fetches of the whole log, {@code fetch.max.bytes} each, that one raw
 *                         connection pipelines and never reads; 0 for none
 * @param samplesFile      where each sample is appended as a JSON line, so that a client that
 *                         dies (out of memory, say) leaves its time series behind
 */
public record OverloadTask(String stage, String brokerAddress, long brokerPid, int recordSize, int producers,
                           double offeredPerSecond, long durationMs, long sampleMs, long drainMs, long verifyMs,
                           int unreadFetches, Map<String, Object> producerProps, Map<String, Object> consumerProps,
                           String samplesFile, String resultFile) {
}
