package dev.tenx.workshop.kafka;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import dev.tenx.common.metrics.BrokerCounters;
import dev.tenx.common.spi.BrokerStats;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The Kafka broker's counters, under the names the stages' brokers count the same events with,
 * read over JMX from the broker's JVM (attached to by pid: the JDK's attach API starts its local
 * management agent, no port to configure):
 * <ul>
 *   <li>{@code records.appended}: {@code kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec}, Count;
 *   <li>{@code requests}: the Count of every version of
 *       {@code kafka.network:type=RequestMetrics,name=RequestsPerSec,request=Produce}: produce
 *       requests only, where a stage counts every request (in a produce window, produce
 *       requests and one Stats request);
 *   <li>{@code fsyncs}: {@code kafka.log:type=LogFlushStats,name=LogFlushRateAndTimeMs}, Count:
 *       Kafka's flushes of a log segment, each an fsync of the segment's file and of its indexes'
 *       mapped files, where a stage counts each {@code FileChannel.force} alone;
 *   <li>{@code fsync.nanos}: the same timer's Mean (ms) times its Count: the exact total, since
 *       the timer's mean is its sum over its count;
 *   <li>{@code jvm.allocated.bytes}: HotSpot's per-thread allocation counters summed over the
 *       live threads ({@code java.lang:type=Threading}), as a stage's broker sums its own.
 * </ul>
 * A meter Kafka creates on first use (a request version not yet seen) counts as 0. What Kafka
 * does not count, {@code acks.before.durable} above all, is absent.
 *
 * <p>Not thread-safe: one thread reads through an instance, as {@link BrokerStats} says.
 */
final class KafkaJmxStats implements BrokerStats {

    private static final ObjectName MESSAGES_IN = name("kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec");
    private static final ObjectName PRODUCE_REQUESTS =
            name("kafka.network:type=RequestMetrics,name=RequestsPerSec,request=Produce,*");
    private static final ObjectName LOG_FLUSH = name("kafka.log:type=LogFlushStats,name=LogFlushRateAndTimeMs");
    private static final ObjectName THREADING = name("java.lang:type=Threading");
    private static final double NANOS_PER_MILLI = 1_000_000;

    private final JMXConnector connector;
    private final MBeanServerConnection mbeans;

    private KafkaJmxStats(JMXConnector connector) throws IOException {
        this.connector = connector;
        this.mbeans = connector.getMBeanServerConnection();
    }

    /** Attaches to the JVM {@code pid} (same user, same machine) and connects to its platform MBean server. */
    static KafkaJmxStats attach(long pid) throws IOException {
        String url;
        try {
            VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
            try {
                url = vm.startLocalManagementAgent();
            } finally {
                vm.detach();
            }
        } catch (AttachNotSupportedException e) {
            throw new IOException("cannot attach to the Kafka broker's JVM, pid " + pid + ", for its counters: " + e, e);
        }
        return new KafkaJmxStats(JMXConnectorFactory.connect(new JMXServiceURL(url)));
    }

    @Override
    public Map<String, Long> counters() throws IOException {
        try {
            Map<String, Long> counters = new LinkedHashMap<>();
            counters.put(BrokerCounters.RECORDS_APPENDED, count(Set.of(MESSAGES_IN)));
            counters.put(BrokerCounters.REQUESTS, count(mbeans.queryNames(PRODUCE_REQUESTS, null)));
            long flushes = count(Set.of(LOG_FLUSH));
            counters.put(BrokerCounters.FSYNCS, flushes);
            counters.put(BrokerCounters.FSYNC_NANOS, flushes == 0 ? 0
                    : Math.round(((Number) mbeans.getAttribute(LOG_FLUSH, "Mean")).doubleValue() * flushes
                    * NANOS_PER_MILLI));
            counters.put(BrokerCounters.JVM_ALLOCATED_BYTES, allocatedBytes());
            return counters;
        } catch (JMException e) {
            throw new IOException("reading the Kafka broker's counters over JMX: " + e, e);
        }
    }

    /** The sum of the Count attribute of {@code names}; a name not registered (yet) counts 0. */
    private long count(Set<ObjectName> names) throws IOException, JMException {
        long sum = 0;
        for (ObjectName name : names) {
            if (mbeans.isRegistered(name)) {
                sum += ((Number) mbeans.getAttribute(name, "Count")).longValue();
            }
        }
        return sum;
    }

    private long allocatedBytes() throws IOException, JMException {
        long[] ids = (long[]) mbeans.getAttribute(THREADING, "AllThreadIds");
        long[] bytes = (long[]) mbeans.invoke(THREADING, "getThreadAllocatedBytes", new Object[] {ids},
                new String[] {long[].class.getName()});
        long total = 0;
        for (long b : bytes) {
            if (b > 0) {
                total += b; // -1 marks a thread that ended between the two calls
            }
        }
        return total;
    }

    @Override
    public void close() throws IOException {
        connector.close();
    }

    private static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (JMException e) {
            throw new IllegalArgumentException(name, e);
        }
    }
}
