package dev.tenx.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenx.common.metrics.BrokerCounters;
import dev.tenx.common.metrics.ServiceTimes;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CostsTest {

    /** Every fsync in these samples takes 200 us, so that fsync us/rec is 200 x fsyncs/rec. */
    private static final long FSYNC_NANOS = 200_000;

    /** Every request in these samples carries 10 records. */
    private static final long RECORDS_PER_REQUEST = 10;

    private static Sample sample(long appended, long fsyncs, long brokerAllocated, ProcIo brokerIo, long brokerCpu,
                                 ProcIo clientIo, long clientCpu, long clientAllocated) {
        return sample(appended, fsyncs, brokerAllocated, brokerIo, brokerCpu, clientIo, clientCpu, clientAllocated,
                DelayProxy.Usage.NONE);
    }

    private static Sample sample(long appended, long fsyncs, long brokerAllocated, ProcIo brokerIo, long brokerCpu,
                                 ProcIo clientIo, long clientCpu, long clientAllocated, DelayProxy.Usage proxy) {
        Map<String, Long> counters = Map.of(
                BrokerCounters.RECORDS_APPENDED, appended,
                BrokerCounters.REQUESTS, appended / RECORDS_PER_REQUEST,
                BrokerCounters.FSYNCS, fsyncs,
                BrokerCounters.FSYNC_NANOS, fsyncs * FSYNC_NANOS,
                BrokerCounters.JVM_ALLOCATED_BYTES, brokerAllocated);
        return new Sample(0, counters, brokerIo, brokerCpu, clientIo, clientCpu, clientAllocated, proxy);
    }

    @Test
    void everyFigureIsADeltaOverTheAppendedRecords() {
        Sample start = sample(500, 1_500, 10_000,
                new ProcIo(100, 200, 10, 20), 1_000_000, new ProcIo(1_000, 2_000, 100, 200), 5_000_000, 50_000);
        Sample end = sample(1_500, 4_500, 4_010_000,
                new ProcIo(100 + 256_000, 200 + 64_000, 10 + 1_000, 20 + 4_000), 1_000_000 + 800_000_000,
                new ProcIo(1_000 + 80_000, 2_000 + 100_000, 100 + 2_000, 200 + 1_000), 5_000_000 + 600_000_000,
                50_000 + 3_000_000);

        Costs costs = Costs.between(start, end);

        assertThat(costs.records()).isEqualTo(1_000);
        assertThat(costs.requests()).isEqualTo(100);
        assertThat(costs.recordsPerRequest()).isEqualTo(10.0);
        assertThat(costs.fsyncs()).isEqualTo(3_000);
        assertThat(costs.fsyncsPerRecord()).isEqualTo(3.0);
        assertThat(costs.requestsPerFsync()).as("100 requests, 3,000 fsyncs").isEqualTo(1.0 / 30);
        assertThat(costs.fsyncNanos()).isEqualTo(3_000 * FSYNC_NANOS);
        assertThat(costs.fsyncMicrosPerRecord()).isEqualTo(600.0);
        Costs.ProcessCosts broker = costs.broker();
        assertThat(broker.syscallsPerRecord()).isEqualTo(5.0);
        assertThat(broker.readsPerRecord()).isEqualTo(1.0);
        assertThat(broker.writesPerRecord()).isEqualTo(4.0);
        assertThat(broker.bytesPerRead()).isEqualTo(256.0);
        assertThat(broker.bytesPerWrite()).isEqualTo(16.0);
        assertThat(broker.cpuMicrosPerRecord()).isEqualTo(800.0);
        assertThat(broker.allocatedBytesPerRecord()).isEqualTo(4_000.0);
        Costs.ProcessCosts client = costs.client();
        assertThat(client.syscallsPerRecord()).isEqualTo(3.0);
        assertThat(client.readsPerRecord()).isEqualTo(2.0);
        assertThat(client.writesPerRecord()).isEqualTo(1.0);
        assertThat(client.bytesPerRead()).isEqualTo(40.0);
        assertThat(client.bytesPerWrite()).isEqualTo(100.0);
        assertThat(client.writtenBytesPerRecord()).as("wire bytes per record").isEqualTo(100.0);
        assertThat(client.cpuMicrosPerRecord()).isEqualTo(600.0);
        assertThat(client.allocatedBytesPerRecord()).isEqualTo(3_000.0);
    }

    @Test
    void wIsTheBrokersServiceTimePerRequestInTheWindowAndNotAvailableFromABrokerThatDoesNotCountIt() {
        ProcIo io = new ProcIo(0, 0, 0, 0);
        Sample start = sample(0, 0, 0, io, 0, io, 0, 0);
        Sample withoutW = sample(1_000, 10, 0, io, 0, io, 0, 0);
        assertThat(Costs.between(start, withoutW).serviceMeanMicros()).isNaN();

        ServiceTimes times = new ServiceTimes(BrokerCounters.PRODUCE_SERVICE);
        Map<String, Long> before = new HashMap<>(start.brokerCounters());
        times.snapshotInto(before);
        for (int i = 0; i < 99; i++) {
            times.record(TimeUnit.MICROSECONDS.toNanos(100));
        }
        times.record(TimeUnit.MICROSECONDS.toNanos(10_100));
        Map<String, Long> after = new HashMap<>(withoutW.brokerCounters());
        times.snapshotInto(after);

        Costs costs = Costs.between(withCounters(start, before), withCounters(withoutW, after));
        assertThat(costs.serviceMeanMicros()).as("(99 x 100 + 10,100) / 100 us").isEqualTo(200.0);
        assertThat(costs.serviceP99Micros()).as("99 of 100 requests took 100 us: under the bound of its bucket")
                .isBetween(100.0, 128.0);
    }

    private static Sample withCounters(Sample s, Map<String, Long> counters) {
        return new Sample(s.nanoTime(), counters, s.brokerIo(), s.brokerCpuNanos(), s.clientIo(), s.clientCpuNanos(),
                s.clientAllocatedBytes(), s.proxy());
    }

    @Test
    void theDelayProxysOwnCostsAreTakenOutOfTheClientsAndShownApart() {
        ProcIo brokerIo = new ProcIo(0, 0, 0, 0);
        Sample start = sample(0, 0, 0, brokerIo, 0, new ProcIo(0, 0, 0, 0), 0, 0,
                new DelayProxy.Usage(new ProcIo(7, 7, 7, 7), 7, 7));
        Sample end = sample(1_000, 0, 0, brokerIo, 0,
                new ProcIo(50_000, 60_000, 3_000, 3_000), 900_000_000, 5_000_000,
                new DelayProxy.Usage(new ProcIo(7 + 40_000, 7 + 40_000, 7 + 2_000, 7 + 2_000), 7 + 400_000_000, 7 + 1_000_000));

        Costs costs = Costs.between(start, end);

        Costs.ProcessCosts client = costs.client();
        assertThat(client.readsPerRecord()).isEqualTo(1.0);
        assertThat(client.writesPerRecord()).isEqualTo(1.0);
        assertThat(client.bytesPerRead()).isEqualTo(10.0);
        assertThat(client.bytesPerWrite()).isEqualTo(20.0);
        assertThat(client.cpuMicrosPerRecord()).isEqualTo(500.0);
        assertThat(client.allocatedBytesPerRecord()).isEqualTo(4_000.0);
        Costs.ProcessCosts proxy = costs.proxy();
        assertThat(proxy.syscallsPerRecord()).isEqualTo(4.0);
        assertThat(proxy.bytesPerRead()).isEqualTo(20.0);
        assertThat(proxy.cpuMicrosPerRecord()).isEqualTo(400.0);
        assertThat(proxy.allocatedBytesPerRecord()).isEqualTo(1_000.0);
    }

    @Test
    void noRecordsMeansNoPerRecordFigures() {
        ProcIo io = new ProcIo(1, 1, 1, 1);
        Sample same = sample(7, 7, 7, io, 7, io, 7, 7);
        Costs costs = Costs.between(same, same);
        assertThat(costs.fsyncsPerRecord()).isNaN();
        assertThat(costs.fsyncMicrosPerRecord()).isNaN();
        assertThat(costs.recordsPerRequest()).isNaN();
        assertThat(costs.requestsPerFsync()).isNaN();
        assertThat(costs.broker().readsPerRecord()).isNaN();
        assertThat(costs.broker().syscallsPerRecord()).isNaN();
        assertThat(costs.client().bytesPerRead()).isNaN();
    }

    @Test
    void withoutProcTheSystemCallFiguresAreMissingAndTheRestAreNot() {
        Sample start = sample(0, 0, 0, ProcIo.UNAVAILABLE, 0, ProcIo.UNAVAILABLE, 0, 0);
        Sample end = sample(1_000, 3_000, 4_000_000, ProcIo.UNAVAILABLE, 800_000_000, ProcIo.UNAVAILABLE, 600_000_000,
                3_000_000);

        Costs.ProcessCosts broker = Costs.between(start, end).broker();

        assertThat(broker.procIo()).isFalse();
        assertThat(broker.syscallsPerRecord()).isNaN();
        assertThat(broker.readsPerRecord()).isNaN();
        assertThat(broker.bytesPerWrite()).isNaN();
        assertThat(broker.writtenBytesPerRecord()).isNaN();
        assertThat(broker.cpuMicrosPerRecord()).isEqualTo(800.0);
        assertThat(broker.allocatedBytesPerRecord()).isEqualTo(4_000.0);
        assertThat(Costs.between(start, end).client().procIo()).isFalse();
    }
}
