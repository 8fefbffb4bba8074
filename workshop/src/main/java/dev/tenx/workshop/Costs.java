package dev.tenx.workshop;

import dev.tenx.common.metrics.BrokerCounters;

/**
 * What the measured window cost, per record, on each side. The denominator of every figure is
 * the broker's {@code records.appended} delta over the window: the records that actually went
 * through the system in it, whichever process is being charged. Immutable.
 */
public record Costs(long records, long fsyncs, double fsyncsPerRecord, ProcessCosts broker, ProcessCosts client) {

    /**
     * One process's window: raw deltas, kept in the results so every derived figure can be
     * checked, and the derived per-record figures.
     */
    public record ProcessCosts(
            long syscr, long syscw, long rchar, long wchar, long cpuNanos, long allocatedBytes,
            double syscallsPerRecord, double bytesPerRead, double bytesPerWrite,
            double cpuMicrosPerRecord, double allocatedBytesPerRecord) {

        static ProcessCosts of(ProcIo io, long cpuNanos, long allocatedBytes, long records) {
            return new ProcessCosts(
                    io.syscr(), io.syscw(), io.rchar(), io.wchar(), cpuNanos, allocatedBytes,
                    Rates.perRecord(io.syscalls(), records),
                    Rates.bytesPerCall(io.rchar(), io.syscr()),
                    Rates.bytesPerCall(io.wchar(), io.syscw()),
                    Rates.microsPerRecord(cpuNanos, records),
                    Rates.perRecord(allocatedBytes, records));
        }
    }

    public static Costs between(Sample start, Sample end) {
        long records = end.recordsAppended() - start.recordsAppended();
        long fsyncs = end.counter(BrokerCounters.FSYNCS) - start.counter(BrokerCounters.FSYNCS);
        ProcessCosts broker = ProcessCosts.of(
                end.brokerIo().minus(start.brokerIo()),
                end.brokerCpuNanos() - start.brokerCpuNanos(),
                end.counter(BrokerCounters.JVM_ALLOCATED_BYTES) - start.counter(BrokerCounters.JVM_ALLOCATED_BYTES),
                records);
        ProcessCosts client = ProcessCosts.of(
                end.clientIo().minus(start.clientIo()),
                end.clientCpuNanos() - start.clientCpuNanos(),
                end.clientAllocatedBytes() - start.clientAllocatedBytes(),
                records);
        return new Costs(records, fsyncs, Rates.perRecord(fsyncs, records), broker, client);
    }
}
