package dev.tenx.common.process;

import dev.tenx.common.config.HostPort;
import dev.tenx.common.spi.Broker;
import dev.tenx.common.spi.Stage;
import dev.tenx.common.spi.Stages;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one stage's broker as its own JVM: {@code BrokerMain <stage> key=value...}. Prints one
 * line, {@value #READY_PREFIX}{@code <host:port> pid=<pid>}, once it accepts connections, then
 * serves until its standard input closes (so it never outlives the process that started it,
 * and {@link BrokerProcess#close()} stops it this way) or it is signalled. Either closes it
 * cleanly; SIGKILL is what the crash test sends. When its standard input closes under
 * {@code PARANOID} leak detection, it makes Netty report every leak on standard error before it
 * exits ({@link LeakReports}).
 *
 * <p>Threads: the main thread starts the broker, waits on standard input, then closes the
 * broker; the broker's own threads serve; a shutdown hook closes it on a signal.
 */
public final class BrokerMain {

    static final String READY_PREFIX = "tenx-broker listening=";
    private static final int STDIN_DRAIN_BYTES = 256;

    private BrokerMain() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: BrokerMain <stage> [key=value ...]");
            System.exit(2);
        }
        Stage stage = Stages.byName(args[0]);
        Broker broker = stage.startBroker(parseProps(args));
        AtomicBoolean closed = new AtomicBoolean();
        Runnable closeOnce = () -> {
            if (closed.compareAndSet(false, true)) {
                broker.close();
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(closeOnce, "broker-shutdown"));
        System.out.println(READY_PREFIX + HostPort.format(broker.address()) + " pid=" + ProcessHandle.current().pid());
        System.out.flush();
        awaitEndOfInput(System.in);
        closeOnce.run();
        // Here, not in the shutdown hook: the JDK's logging, which prints Netty's reports, closes
        // its handlers in a shutdown hook of its own, which may run first.
        if (LeakReports.paranoid()) {
            LeakReports.report();
        }
        System.exit(0);
    }

    static Map<String, String> parseProps(String[] args) {
        Map<String, String> props = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value, got: " + args[i]);
            }
            props.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        return props;
    }

    private static void awaitEndOfInput(InputStream in) throws IOException {
        byte[] sink = new byte[STDIN_DRAIN_BYTES];
        while (in.read(sink) >= 0) {
            // the parent has nothing to say; we only wait for it to go away
        }
    }
}
