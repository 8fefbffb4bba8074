package dev.tenx.workshop;

import dev.tenx.common.metrics.BrokerCounters;
import dev.tenx.common.metrics.ServiceTimes;
import java.util.function.DoubleSupplier;

/**
 * What the measured window cost, per record, on each side. The denominator of every figure is
 * the broker's {@code records.appended} delta over the window: the records that actually went
 * through the system in it, whichever process is being charged. Immutable.
 *
 * <p>When the clients go through a {@link DelayProxy}, it runs in the client's JVM: its read and
 * write calls, CPU and allocation, as it counts them itself, are taken out of the client's
 * figures and reported on their own as {@code proxy}, so that the client's row is the load
 * generator's at every rtt.ms.
 *
 * @param requests             Δ{@code requests}: every request the broker handled in the window
 *                             (produce, and the one Stats request that closes the window)
 * @param recordsPerRequest    Δ{@code records.appended} / Δ{@code requests}: the batching figure,
 *                             both broker counters read at the same two instants
 * @param requestsPerFsync     Δ{@code requests} / Δ{@code fsyncs}: below 1 when a request pays
 *                             several fsyncs, above 1 when one fsync commits several requests
 *                             (group commit)
 * @param fsyncs               Δ{@code fsyncs}: the broker's {@code FileChannel.force} calls
 * @param fsyncNanos           Δ{@code fsync.nanos}: wall time the broker spent inside them
 * @param fsyncMicrosPerRecord what share of a record's time is spent waiting for stable storage
 * @param serviceMeanMicros    W, the broker's mean service time per produce request: from the
 *                             request's arrival to its response handed to the socket, the wait
 *                             for durability included ({@code produce.service}). With the round
 *                             trip, it bounds what pipelining can gain: (RTT + W) / W requests
 *                             in flight keep the broker busy
 * @param serviceP99Micros     W's 99th percentile in the window, to within a quarter of its power
 *                             of two ({@link ServiceTimes#percentileMicros})
 * @param proxy                the delay proxy's own costs per record; zeros without one
 */
public record Costs(long records, long requests, double recordsPerRequest, double requestsPerFsync,
                    long fsyncs, long fsyncNanos, double fsyncsPerRecord, double fsyncMicrosPerRecord,
                    double serviceMeanMicros, double serviceP99Micros, ProcessCosts broker, ProcessCosts client, ProcessCosts proxy) {

    /**
     * One process's window: raw deltas, kept in the results so every derived figure can be
     * checked, and the derived per-record figures. Reads and writes are the read-family and
     * write-family system calls of {@code /proc/<pid>/io} ({@code syscr}, {@code syscw}).
     *
     * @param procIo                false where {@code /proc/<pid>/io} does not exist: then the
     *                               counts are 0 and every figure made from them NaN, printed as n/a
     * @param writtenBytesPerRecord  Δ{@code wchar} / records: every byte the process's write-family
     *                               calls moved, per record. For the client, whose only such calls
     *                               are its requests and the few bytes of an eventfd wake-up, this
     *                               is the wire cost of a record ("wire B/rec")
     */
    public record ProcessCosts(
            boolean procIo, long syscr, long syscw, long rchar, long wchar, long cpuNanos, long allocatedBytes,
            double syscallsPerRecord, double readsPerRecord, double writesPerRecord,
            double bytesPerRead, double bytesPerWrite, double writtenBytesPerRecord,
            double cpuMicrosPerRecord, double allocatedBytesPerRecord) {

        static ProcessCosts of(ProcIo io, long cpuNanos, long allocatedBytes, long records) {
            long ioRecords = io.available() ? records : 0; // no count: no figure, rather than 0 per record
            return new ProcessCosts(io.available(),
                    io.syscr(), io.syscw(), io.rchar(), io.wchar(), cpuNanos, allocatedBytes,
                    Rates.perRecord(io.syscalls(), ioRecords),
                    Rates.perRecord(io.syscr(), ioRecords),
                    Rates.perRecord(io.syscw(), ioRecords),
                    Rates.bytesPerCall(io.rchar(), io.syscr()),
                    Rates.bytesPerCall(io.wchar(), io.syscw()),
                    Rates.perRecord(io.wchar(), ioRecords),
                    Rates.microsPerRecord(cpuNanos, records),
                    Rates.perRecord(allocatedBytes, records));
        }
    }

    private static final double P99 = 0.99;

    public static Costs between(Sample start, Sample end) {
        long records = delta(start, end, BrokerCounters.RECORDS_APPENDED);
        long requests = delta(start, end, BrokerCounters.REQUESTS);
        long fsyncs = delta(start, end, BrokerCounters.FSYNCS);
        long fsyncNanos = delta(start, end, BrokerCounters.FSYNC_NANOS);
        ProcessCosts broker = ProcessCosts.of(
                end.brokerIo().minus(start.brokerIo()),
                end.brokerCpuNanos() - start.brokerCpuNanos(),
                delta(start, end, BrokerCounters.JVM_ALLOCATED_BYTES),
                records);
        DelayProxy.Usage proxy = end.proxy().minus(start.proxy());
        ProcessCosts client = clientBetween(start, end, records);
        return new Costs(records, requests, Rates.recordsPerRequest(records, requests),
                Rates.ratio(requests, fsyncs), fsyncs, fsyncNanos, Rates.perRecord(fsyncs, records),
                Rates.microsPerRecord(fsyncNanos, records),
                serviceTime(start, end, () -> ServiceTimes.meanMicros(
                        BrokerCounters.PRODUCE_SERVICE, start.brokerCounters(), end.brokerCounters())),
                serviceTime(start, end, () -> ServiceTimes.percentileMicros(
                        BrokerCounters.PRODUCE_SERVICE, start.brokerCounters(), end.brokerCounters(), P99)),
                broker, client,
                ProcessCosts.of(proxy.io(), proxy.cpuNanos(), proxy.allocatedBytes(), records));
    }

    /** NaN, printed as n/a, for a broker that does not count its service times. */
    private static double serviceTime(Sample start, Sample end, DoubleSupplier figure) {
        String count = BrokerCounters.PRODUCE_SERVICE_COUNT;
        return start.brokerCounters().containsKey(count) && end.brokerCounters().containsKey(count)
                ? figure.getAsDouble() : Double.NaN;
    }

    /**
     * The broker process's costs between two samples, per record of {@code records}: for a window
     * whose records are not appended ones, such as a replay's records read.
     */
    static ProcessCosts brokerBetween(Sample start, Sample end, long records) {
        return ProcessCosts.of(end.brokerIo().minus(start.brokerIo()), end.brokerCpuNanos() - start.brokerCpuNanos(),
                delta(start, end, BrokerCounters.JVM_ALLOCATED_BYTES), records);
    }

    /**
     * The client process's costs between two samples, per record of {@code records}, the delay
     * proxy's own taken out as in {@link #between}: in a replay, what the consumer costs.
     */
    static ProcessCosts clientBetween(Sample start, Sample end, long records) {
        DelayProxy.Usage proxy = end.proxy().minus(start.proxy());
        return ProcessCosts.of(end.clientIo().minus(start.clientIo()).minus(proxy.io()),
                end.clientCpuNanos() - start.clientCpuNanos() - proxy.cpuNanos(),
                end.clientAllocatedBytes() - start.clientAllocatedBytes() - proxy.allocatedBytes(), records);
    }

    private static long delta(Sample start, Sample end, String counter) {
        return end.counter(counter) - start.counter(counter);
    }
}
