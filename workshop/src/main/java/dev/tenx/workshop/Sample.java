package dev.tenx.workshop;

import dev.tenx.common.metrics.JvmAllocation;
import dev.tenx.common.spi.BrokerStats;
import java.io.IOException;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every counter the runner reads, for both processes, at one moment. Two samples, at the start
 * and the end of the measured window, give the per-record costs ({@link Costs#between}).
 * Immutable.
 *
 * @param brokerCounters the broker's counters ({@code Stage#connectStats}: a stage's Stats request), {@code records.appended}, {@code requests},
 *                       {@code fsyncs}, {@code fsync.nanos} and {@code jvm.allocated.bytes} among them
 * @param proxy          what the {@link DelayProxy} in the client's JVM has cost it so far,
 *                       {@link DelayProxy.Usage#NONE} when the clients connect directly
 */
public record Sample(
        long nanoTime,
        Map<String, Long> brokerCounters,
        ProcIo brokerIo,
        long brokerCpuNanos,
        ProcIo clientIo,
        long clientCpuNanos,
        long clientAllocatedBytes,
        DelayProxy.Usage proxy) {

    /**
     * Reads everything. The Stats round trip comes first so that the cheap local readings sit as
     * close as possible to the instant the window opens or closes; the Stats call itself adds
     * one request (a handful of read/write calls) per window to each side, which is noise next
     * to thousands of records.
     */
    public static Sample take(long brokerPid, BrokerStats stats, Supplier<DelayProxy.Usage> proxy)
            throws IOException {
        Map<String, Long> counters = stats.counters();
        return new Sample(
                System.nanoTime(),
                counters,
                ProcIo.ofPid(brokerPid),
                ProcessCpu.cpuNanos(brokerPid),
                ProcIo.ofSelf(),
                ProcessCpu.selfCpuNanos(),
                JvmAllocation.allocatedBytes(),
                proxy.get());
    }

    long counter(String name) {
        Long value = brokerCounters.get(name);
        if (value == null) {
            throw new IllegalStateException("broker Stats has no counter " + name + ": " + brokerCounters.keySet());
        }
        return value;
    }
}
