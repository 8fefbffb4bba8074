package dev.tenx.common.process;

import dev.tenx.common.config.HostPort;
import dev.tenx.common.spi.Stage;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A broker running in a child JVM ({@link BrokerMain}), as the runner and the crash test need
 * it: its own process, so that its CPU, system calls and allocations are its own, and so that
 * it can be killed with SIGKILL. The child inherits this JVM's Netty leak-detection level, and
 * {@link #close()} fails when the child reported a leak.
 *
 * <p>A peer ({@code Stage#startBrokerProcess}) starts its own system's broker and hands the
 * process over with {@link #adopt}: it stops the same way, when its standard input closes.
 *
 * <p>Not thread-safe: the thread that starts it stops it.
 */
public final class BrokerProcess implements AutoCloseable {

    /**
     * How clients reach a broker through a delay proxy when the broker tells its clients where to
     * connect (Kafka's metadata names the broker's advertised address, and a client that
     * bootstrapped through the proxy would then connect around it): the proxy must listen on
     * {@code listen}, the address the broker advertises on that route, and forward to
     * {@code target}, the broker's listener for it.
     */
    public record ProxyRoute(InetSocketAddress listen, InetSocketAddress target) {
    }

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    /** Enough for the first report's allocation and access records; the rest stay in the log. */
    private static final int LEAK_EXCERPT_CHARS = 8_000;

    private final Process process;
    private final InetSocketAddress address;
    private final Path logFile;
    /** Where this broker's part of {@link #logFile} begins: the file is appended to. */
    private final long logStart;
    private final ProxyRoute proxyRoute;

    private BrokerProcess(Process process, InetSocketAddress address, Path logFile, long logStart,
                          ProxyRoute proxyRoute) {
        this.process = process;
        this.address = address;
        this.logFile = logFile;
        this.logStart = logStart;
        this.proxyRoute = proxyRoute;
    }

    /**
     * A broker process a peer started itself, listening at {@code address}, its standard error
     * appended to {@code logFile} from {@code logStart} on; it must exit when its standard input
     * closes. {@code proxyRoute} is null when a proxy may listen anywhere and forward to
     * {@code address}, as for every stage.
     */
    public static BrokerProcess adopt(Process process, InetSocketAddress address, Path logFile, long logStart,
                                      ProxyRoute proxyRoute) {
        return new BrokerProcess(process, address, logFile, logStart, proxyRoute);
    }

    /**
     * Starts {@code stage}'s broker with {@code props} and waits until it listens. Its standard
     * error goes to {@code logFile}; read it when a start fails. {@code jvmArgs} come after the
     * leak-detection level passed on from this JVM, so a level among them wins.
     */
    public static BrokerProcess start(Stage stage, Map<String, ?> props, List<String> jvmArgs, Path logFile)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        String leakDetectionLevel = System.getProperty(LeakReports.LEVEL_PROPERTY);
        if (leakDetectionLevel != null) {
            command.add("-D" + LeakReports.LEVEL_PROPERTY + "=" + leakDetectionLevel);
        }
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(currentClasspath());
        command.add(BrokerMain.class.getName());
        command.add(stage.name());
        props.forEach((k, v) -> command.add(k + "=" + v));
        long logStart = Files.exists(logFile) ? Files.size(logFile) : 0;
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        try {
            return new BrokerProcess(process, awaitReady(process, logFile), logFile, logStart, null);
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /**
     * Reads the child's standard output on a thread of its own, so that a child that neither
     * prints nor exits cannot hold the caller past {@link #START_TIMEOUT}.
     */
    private static InetSocketAddress awaitReady(Process process, Path logFile) throws IOException {
        CompletableFuture<String> listening = new CompletableFuture<>();
        Thread reader = new Thread(() -> readStdout(process, listening), "broker-stdout");
        reader.setDaemon(true);
        reader.start();
        try {
            String hostPort = listening.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            InetSocketAddress unresolved = HostPort.parse("listening", hostPort);
            return new InetSocketAddress(unresolved.getHostString(), unresolved.getPort());
        } catch (TimeoutException e) {
            throw new IOException("broker did not start within " + START_TIMEOUT.toSeconds()
                    + " s; its stderr is in " + logFile);
        } catch (ExecutionException e) {
            throw new IOException("broker exited before it listened; its stderr is in " + logFile, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the broker to start");
        }
    }

    /** Completes {@code listening} with the ready line's address, then drains to end of stream. */
    private static void readStdout(Process process, CompletableFuture<String> listening) {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (!listening.isDone() && line.startsWith(BrokerMain.READY_PREFIX)) {
                    listening.complete(line.substring(BrokerMain.READY_PREFIX.length()).split(" ")[0]);
                }
            }
        } catch (IOException ignored) {
            // the broker went away; the completion below reports it if it never listened
        }
        listening.completeExceptionally(new IOException("standard output ended"));
    }

    public InetSocketAddress address() {
        return address;
    }

    public long pid() {
        return process.pid();
    }

    /** Where a delay proxy must listen and forward to, or null: anywhere, to {@link #address()}. */
    public ProxyRoute proxyRoute() {
        return proxyRoute;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no flush, no close. What survives is what was on disk. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /**
     * Closes the broker's standard input, on which it closes itself (and, under paranoid leak
     * detection, makes Netty report its leaks), then SIGKILL if it has not exited within
     * {@link #STOP_TIMEOUT}; then reads back what it wrote on standard error. After
     * {@link #kill()} only the reading back is left to do. An interrupt while waiting kills it
     * at once, skips the reading back and keeps the thread's interrupt status.
     *
     * @throws IllegalStateException when the broker reported a Netty leak on its standard error
     * @throws UncheckedIOException  when its standard error cannot be read back
     */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
        } catch (IOException alreadyGone) {
            // the pipe broke because the broker exited: the wait below returns at once
        }
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return;
        }
        throwIfLeaked();
    }

    private void throwIfLeaked() {
        String log;
        try (SeekableByteChannel in = Files.newByteChannel(logFile)) {
            log = new String(Channels.newInputStream(in.position(logStart)).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the broker's standard error back from " + logFile, e);
        }
        int leak = log.indexOf(LeakReports.MARKER);
        if (leak >= 0) {
            throw new IllegalStateException("the broker reported a Netty leak (all of its standard error is in "
                    + logFile + "):\n" + log.substring(leak, Math.min(log.length(), leak + LEAK_EXCERPT_CHARS)));
        }
    }

    /**
     * The classpath this JVM runs with, for the child. Under Surefire {@code java.class.path} is
     * a manifest-only jar, and under {@code exec:java} the project's classes sit in a class
     * loader: both are looked through.
     */
    public static String currentClasspath() {
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
