package dev.tenx.workshop;

import java.util.Map;

/**
 * Everything the load-generator JVM ({@link ClientMain}) needs for one stage run, resolved by
 * the runner: which stage, where its broker listens, the workload and the windows. Written as
 * JSON to a file the child reads, so that nothing is parsed twice and the child validates
 * nothing the runner has not already. Immutable.
 *
 * @param brokerAddress  {@code host:port} of the broker; the Stats connection always goes there
 * @param brokerPid      whose {@code /proc/<pid>/io} and CPU time the window charges to the broker
 * @param rttMs          above 0, the clients reach the broker through a {@link DelayProxy} in the child
 * @param producerProps  the stage's producer keys, {@code bootstrap.servers} the broker's (the
 *                       child points it at its proxy when there is one)
 * @param consumerProps  the same for the replay consumer
 * @param latencyMs      the open-loop window; 0 skips the phase
 * @param latencyRate    the open-loop phase's offered rate, as {@code latency.rate} gives it
 * @param windowRecords  unacknowledged records a load thread may have
 * @param stopTimeoutMs  how long stopping the load may take before the run fails: more than the
 *                       producer's request timeout, after which every record has an answer
 * @param resultFile     where the child writes its {@link ClientResult}
 * @param proxyListen    {@code host:port} the delay proxy must listen on, or null for any free
 *                       loopback port ({@code BrokerProcess.ProxyRoute}: a broker that advertises
 *                       the proxy's address to its clients)
 * @param proxyTarget    {@code host:port} the delay proxy forwards to, or null for {@code brokerAddress}
 */
public record ClientTask(
        String stage,
        String brokerAddress,
        long brokerPid,
        double rttMs,
        int recordSize,
        int producers,
        Map<String, Object> producerProps,
        Map<String, Object> consumerProps,
        long warmupMs,
        long durationMs,
        long latencyMs,
        String latencyRate,
        boolean replay,
        long replayMs,
        int windowRecords,
        long stopTimeoutMs,
        String resultFile,
        String proxyListen,
        String proxyTarget) {
}
