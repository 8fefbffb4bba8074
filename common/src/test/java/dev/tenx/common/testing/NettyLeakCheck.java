package dev.tenx.common.testing;

import dev.tenx.common.process.LeakReports;
import io.netty.buffer.ByteBuf;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class by the end of which Netty reported a leak. It runs after every test class of
 * every module without being named: this test-jar lists it in
 * {@code META-INF/services/org.junit.jupiter.api.extension.Extension}, and the parent pom turns on
 * JUnit's extension auto-detection, sets the detector's level to {@code PARANOID} and makes it a
 * {@link CapturingLeakDetector}. After each class it has Netty report every buffer already
 * unreachable ({@link LeakReports#report()}: two garbage collections and one tracked allocation,
 * tens of milliseconds), and fails the class with the reports, whose records say where each
 * leaked buffer was allocated and last touched. A buffer still reachable, say from an event loop
 * that outlives its test, is reported after a later class.
 *
 * <p>Brokers in child JVMs report on their own standard error, which {@code BrokerProcess}
 * checks when it closes them.
 *
 * <p>Threads: JUnit calls it on the thread that runs the class.
 */
public final class NettyLeakCheck implements AfterAllCallback {

    /** A leak on a common path is reported once per distinct path to it, which can be hundreds of times. */
    private static final int REPORTS_SHOWN = 3;

    @Override
    public void afterAll(ExtensionContext context) {
        assertNoLeaks(context.getRequiredTestClass().getName());
    }

    /**
     * Has Netty report every leak it can see now, and returns the reports made since the last call.
     *
     * @throws IllegalStateException when detection is not set up as the parent pom sets it, so
     *                               that a check that could see nothing never passes
     */
    public static List<String> collectLeaks() {
        LeakReports.report();
        if (!CapturingLeakDetector.watches(ByteBuf.class)) {
            throw new IllegalStateException("Netty's ByteBuf leak detector is not a " + CapturingLeakDetector.class
                    .getSimpleName() + ", so its reports do not reach this check: run the tests with"
                    + " -Dio.netty.customResourceLeakDetector=" + CapturingLeakDetector.class.getName());
        }
        return CapturingLeakDetector.takeReports();
    }

    /**
     * Fails, with the first reports, when Netty reports a leak; {@code after} names what just ran.
     * Netty also logs every report to the test's output.
     */
    public static void assertNoLeaks(String after) {
        List<String> leaks = collectLeaks();
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " Netty leak report(s) by the end of " + after
                    + " (a leak reported here may come from an earlier class; its records say where)"
                    + (leaks.size() > REPORTS_SHOWN ? ", the first " + REPORTS_SHOWN : "") + ":\n\n"
                    + String.join("\n\n", leaks.subList(0, Math.min(leaks.size(), REPORTS_SHOWN))));
        }
    }
}
