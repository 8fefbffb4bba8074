package dev.tenx.common.testing;

import dev.tenx.common.process.LeakReports;
import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Netty's leak detector, keeping every report it makes until {@link NettyLeakCheck} takes it.
 * Netty builds one per tracked resource type, of the class named by the system property
 * {@code io.netty.customResourceLeakDetector}, which the parent pom sets for every test JVM (a
 * property, not code, because Netty builds the buffer detector when a buffer class is first
 * loaded, which may be before any test code runs).
 *
 * <p>Thread-safe: Netty reports on whichever thread next tracks a resource of the same type.
 */
public final class CapturingLeakDetector<T> extends ResourceLeakDetector<T> {

    private static final Queue<String> REPORTS = new ConcurrentLinkedQueue<>();
    private static final Set<Class<?>> WATCHED = ConcurrentHashMap.newKeySet();

    /** What Netty calls when it has no use for a bound on tracked objects. */
    public CapturingLeakDetector(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval);
        WATCHED.add(resourceType);
        setLeakListener(CapturingLeakDetector::capture);
    }

    /**
     * What Netty looks for first; it logs an error when a custom detector lacks it. Netty ignores
     * {@code maxActive} itself.
     */
    public CapturingLeakDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
        this(resourceType, samplingInterval);
    }

    /** Netty asks the logger whether to report at all; a logging set-up must not switch the check off. */
    @Override
    protected boolean needReport() {
        return true;
    }

    private static void capture(String resourceType, String records) {
        REPORTS.add(LeakReports.MARKER + " " + resourceType + ".release() was not called before it's"
                + " garbage-collected." + records);
    }

    /** Whether the detector for {@code resourceType} is one of these, so that its reports reach the check. */
    static boolean watches(Class<?> resourceType) {
        return WATCHED.contains(resourceType);
    }

    /** The reports made since the last call, oldest first. */
    static List<String> takeReports() {
        List<String> taken = new ArrayList<>();
        for (String report = REPORTS.poll(); report != null; report = REPORTS.poll()) {
            taken.add(report);
        }
        return taken;
    }
}
