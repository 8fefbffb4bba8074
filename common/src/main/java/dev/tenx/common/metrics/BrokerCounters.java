package dev.tenx.common.metrics;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a broker counts, read by clients with a Stats request and by the runner per record.
 * Every stage counts the same events under the same names, so the runner can compare them.
 *
 * <p>Thread-safe: any event-loop or storage thread increments; {@link #snapshot()} may run
 * concurrently and sees each counter at some recent value.
 */
public final class BrokerCounters {

    public static final String REQUESTS = "requests";
    public static final String RECORDS_APPENDED = "records.appended";
    public static final String RECORDS_FETCHED = "records.fetched";
    public static final String STORAGE_WRITES = "storage.writes";
    public static final String STORAGE_BYTES_WRITTEN = "storage.bytes.written";
    public static final String FSYNCS = "fsyncs";
    public static final String FSYNC_NANOS = "fsync.nanos";
    public static final String PROTOCOL_ERRORS = "protocol.errors";
    public static final String CONNECTIONS_ACCEPTED = "connections.accepted";
    public static final String ACKS_BEFORE_DURABLE = "acks.before.durable";
    public static final String JVM_ALLOCATED_BYTES = "jvm.allocated.bytes";
    public static final String PRODUCE_REQUEST_BYTES = "produce.request.bytes";
    public static final String CONNECTIONS_REFUSED = "connections.refused";
    public static final String CONNECTIONS_CLOSED_IDLE = "connections.closed.idle";
    public static final String CONNECTIONS_CLOSED_STALLED = "connections.closed.stalled";
    public static final String READS_PAUSED_QUEUED = "reads.paused.queued";
    public static final String READS_PAUSED_CONNECTION = "reads.paused.connection";
    public static final String READS_PAUSED_UNWRITABLE = "reads.paused.unwritable";
    public static final String QUEUED_REQUEST_BYTES = "queued.request.bytes";
    public static final String JVM_HEAP_USED_BYTES = "jvm.heap.used.bytes";
    /** The prefix of the produce service-time counters: {@code produce.service.count}, {@code .nanos}, {@code .under.<N>us}. */
    public static final String PRODUCE_SERVICE = "produce.service";
    public static final String PRODUCE_SERVICE_COUNT = ServiceTimes.countKey(PRODUCE_SERVICE);
    public static final String PRODUCE_SERVICE_NANOS = ServiceTimes.nanosKey(PRODUCE_SERVICE);

    private static final MemoryMXBean HEAP = ManagementFactory.getMemoryMXBean();

    public final LongAdder requests = new LongAdder();
    public final LongAdder recordsAppended = new LongAdder();
    public final LongAdder recordsFetched = new LongAdder();
    /** Write system calls against storage files (pwrite, write), not counting fsync. */
    public final LongAdder storageWrites = new LongAdder();
    public final LongAdder storageBytesWritten = new LongAdder();
    /** Calls of {@code FileChannel.force}: one fsync(2) or fdatasync(2) each. */
    public final LongAdder fsyncs = new LongAdder();
    /** Wall time spent inside those calls: what waiting for stable storage costs. */
    public final LongAdder fsyncNanos = new LongAdder();
    public final LongAdder protocolErrors = new LongAdder();
    /** Connections accepted since start; never decremented. */
    public final LongAdder connectionsAccepted = new LongAdder();
    /**
     * Acknowledgements written while the store's durable end did not yet cover their records: a
     * broken durability contract, checked by the broker itself at the moment it writes each
     * acknowledgement. Must stay 0; the contract suite asserts it after every test.
     */
    public final LongAdder acksBeforeDurable = new LongAdder();
    /**
     * Bytes of the produce request frames read, header included: what the encoding puts on the
     * wire, per record once divided by {@code records.appended}.
     */
    public final LongAdder produceRequestBytes = new LongAdder();
    /**
     * Each produce request's service time, {@code W}: from its frame reaching the request handler
     * (its body not yet decoded) to its response being handed to the socket, the decode, the
     * append and the wait for durability inside it. What pipelining has to hide a round trip
     * behind: its gain is bounded by {@code (RTT + W) / W}.
     */
    public final ServiceTimes produceService = new ServiceTimes(PRODUCE_SERVICE);

    // What an admission did at its bounds (the backpressure stage's; 0 in every stage before it).
    /** Connections closed as soon as accepted: the broker already had {@code max.connections}. */
    public final LongAdder connectionsRefused = new LongAdder();
    /** Connections closed after {@code connections.max.idle.ms} with nothing read, written or pending. */
    public final LongAdder connectionsClosedIdle = new LongAdder();
    /** Connections closed while holding part of a frame for longer than the admission allows. */
    public final LongAdder connectionsClosedStalled = new LongAdder();
    /** Times a connection stopped reading because the bytes queued across all connections reached their bound. */
    public final LongAdder readsPausedQueued = new LongAdder();
    /** Times a connection stopped reading because its own queued bytes reached their bound. */
    public final LongAdder readsPausedConnection = new LongAdder();
    /** Times a connection stopped reading because its socket stopped taking responses (above the high water mark). */
    public final LongAdder readsPausedUnwritable = new LongAdder();
    /**
     * A gauge, not a count: bytes of request frames read and not yet answered, across all
     * connections, as far as an admission counts them (0 when none does).
     */
    public final LongAdder queuedRequestBytes = new LongAdder();

    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put(REQUESTS, requests.sum());
        m.put(RECORDS_APPENDED, recordsAppended.sum());
        m.put(RECORDS_FETCHED, recordsFetched.sum());
        m.put(STORAGE_WRITES, storageWrites.sum());
        m.put(STORAGE_BYTES_WRITTEN, storageBytesWritten.sum());
        m.put(FSYNCS, fsyncs.sum());
        m.put(FSYNC_NANOS, fsyncNanos.sum());
        m.put(PROTOCOL_ERRORS, protocolErrors.sum());
        m.put(CONNECTIONS_ACCEPTED, connectionsAccepted.sum());
        m.put(ACKS_BEFORE_DURABLE, acksBeforeDurable.sum());
        m.put(JVM_ALLOCATED_BYTES, JvmAllocation.allocatedBytes());
        m.put(PRODUCE_REQUEST_BYTES, produceRequestBytes.sum());
        m.put(CONNECTIONS_REFUSED, connectionsRefused.sum());
        m.put(CONNECTIONS_CLOSED_IDLE, connectionsClosedIdle.sum());
        m.put(CONNECTIONS_CLOSED_STALLED, connectionsClosedStalled.sum());
        m.put(READS_PAUSED_QUEUED, readsPausedQueued.sum());
        m.put(READS_PAUSED_CONNECTION, readsPausedConnection.sum());
        m.put(READS_PAUSED_UNWRITABLE, readsPausedUnwritable.sum());
        m.put(QUEUED_REQUEST_BYTES, queuedRequestBytes.sum());
        // a gauge: the heap in use now, garbage not yet collected included; what an overload run samples
        m.put(JVM_HEAP_USED_BYTES, HEAP.getHeapMemoryUsage().getUsed());
        produceService.snapshotInto(m);
        return m;
    }
}
