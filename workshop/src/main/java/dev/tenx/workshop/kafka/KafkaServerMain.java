package dev.tenx.workshop.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;

/**
 * The main class of the Kafka peer's broker JVM: {@code KafkaServerMain <server.properties>
 * <cluster.id>}. It formats the log directories if they are not yet (Kafka's
 * {@code kafka-storage format --ignore-formatted}), then runs {@code kafka.Kafka} on the same
 * properties: a single-node KRaft broker, broker and controller in one process. Its standard
 * input is its lifeline, as a stage broker's is ({@code BrokerMain}): when it closes, whoever
 * started it is done or gone, and this JVM exits through Kafka's shutdown hook, a clean shutdown.
 * SIGKILL, which the crash contract sends, skips all of that.
 *
 * <p>It runs on Kafka's class path (workshop/kafka-server) and this class alone of the workshop's,
 * so it uses nothing but the JDK, and Kafka's two entry points by reflection.
 *
 * <p>Threads: the main thread formats, then runs Kafka, which starts its own; one daemon thread
 * waits on standard input.
 */
public final class KafkaServerMain {

    static final int EXIT_USAGE = 2;
    static final int EXIT_FORMAT_FAILED = 3;
    private static final int STDIN_DRAIN_BYTES = 256;

    private KafkaServerMain() {}

    public static void main(String[] args) throws ReflectiveOperationException {
        if (args.length != 2) {
            System.err.println("usage: KafkaServerMain <server.properties> <cluster.id>");
            System.exit(EXIT_USAGE);
        }
        exitWhenTheParentGoes(System.in);
        String[] format = {"format", "--cluster-id", args[1], "--config", args[0], "--ignore-formatted"};
        int formatted = (int) invokeStatic("kafka.tools.StorageTool", "execute",
                new Class<?>[] {String[].class, PrintStream.class}, format, System.err);
        if (formatted != 0) {
            System.err.println("kafka-storage format failed with " + formatted + " for " + args[0]);
            System.exit(EXIT_FORMAT_FAILED);
        }
        invokeStatic("kafka.Kafka", "main", new Class<?>[] {String[].class}, (Object) new String[] {args[0]});
    }

    private static Object invokeStatic(String className, String method, Class<?>[] types, Object... args)
            throws ReflectiveOperationException {
        try {
            return Class.forName(className).getMethod(method, types).invoke(null, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private static void exitWhenTheParentGoes(InputStream in) {
        Thread watcher = new Thread(() -> {
            byte[] sink = new byte[STDIN_DRAIN_BYTES];
            try {
                while (in.read(sink) >= 0) {
                    // the parent has nothing to say; we only wait for it to go away
                }
            } catch (IOException e) {
                // the pipe broke: the parent is gone all the same
            }
            System.exit(0); // runs Kafka's shutdown hook: a controlled shutdown, logs flushed and closed
        }, "parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }
}
