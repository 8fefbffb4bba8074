package dev.tenx.common.process;

import dev.tenx.common.config.HostPort;
import dev.tenx.common.spi.Stage;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A broker running in a child JVM ({@link BrokerMain}), as the runner and the crash test need
 * it: its own process, so that its CPU, system calls and allocations are its own, and so that
 * it can be killed with SIGKILL.
 *
 * <p>Not thread-safe: the thread that starts it stops it.
 */
public final class BrokerProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final InetSocketAddress address;

    private BrokerProcess(Process process, InetSocketAddress address) {
        this.process = process;
        this.address = address;
    }

    /**
     * Starts {@code stage}'s broker with {@code props} and waits until it listens. Its standard
     * error goes to {@code logFile}; read it when a start fails.
     */
    public static BrokerProcess start(Stage stage, Map<String, ?> props, List<String> jvmArgs, Path logFile)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(currentClasspath());
        command.add(BrokerMain.class.getName());
        command.add(stage.name());
        props.forEach((k, v) -> command.add(k + "=" + v));
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        try {
            return new BrokerProcess(process, awaitReady(process, logFile));
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    private static InetSocketAddress awaitReady(Process process, Path logFile) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith(BrokerMain.READY_PREFIX)) {
                String hostPort = line.substring(BrokerMain.READY_PREFIX.length()).split(" ")[0];
                InetSocketAddress unresolved = HostPort.parse("listening", hostPort);
                drainInBackground(out);
                return new InetSocketAddress(unresolved.getHostString(), unresolved.getPort());
            }
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        throw new IOException("broker did not start within " + START_TIMEOUT.toSeconds()
                + " s; its stderr is in " + logFile);
    }

    private static void drainInBackground(BufferedReader out) {
        Thread t = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // nothing to keep: the broker prints its one line, then only to stderr
                }
            } catch (IOException ignored) {
                // the broker went away
            }
        }, "broker-stdout");
        t.setDaemon(true);
        t.start();
    }

    public InetSocketAddress address() {
        return address;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no flush, no close. What survives is what was on disk. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM, then SIGKILL if it has not exited within ten seconds. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            kill();
        }
    }

    /**
     * The classpath this JVM runs with, for the child. Under Surefire {@code java.class.path} is
     * a manifest-only jar, and under {@code exec:java} the project's classes sit in a class
     * loader: both are looked through.
     */
    static String currentClasspath() {
        Set<String> entries = new LinkedHashSet<>();
        String surefire = System.getProperty("surefire.test.class.path");
        if (surefire != null && !surefire.isBlank()) {
            entries.addAll(List.of(surefire.split(File.pathSeparator)));
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader instanceof URLClassLoader urls) {
            for (URL url : urls.getURLs()) {
                entries.add(toPath(url));
            }
        }
        entries.addAll(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
        return String.join(File.pathSeparator, entries);
    }

    private static String toPath(URL url) {
        try {
            return Paths.get(url.toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("classpath entry is not a file: " + url, e);
        }
    }
}
