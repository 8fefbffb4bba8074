package dev.tenx.workshop;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * What this machine's two fixed costs are, measured at the start of every run so that the
 * figures a reader compares stages against come from the same run as the stages: a loopback
 * round trip (what stage 0 pays per record before the broker does anything) and an fsync after
 * a 4 KB write (what it pays, three times, for durability). A few hundred milliseconds in all.
 *
 * <ul>
 *   <li><b>Loopback round trip</b>: a blocking {@link Socket} pair on 127.0.0.1, TCP_NODELAY on
 *       both ends, one byte sent, echoed, and read back; {@value #WARMUP_ROUND_TRIPS} round
 *       trips of warm-up, then {@value #ROUND_TRIPS} timed with {@code System.nanoTime()} from
 *       just before the write to just after the read of the echo.</li>
 *   <li><b>fsync after a 4 KB write</b>: a temporary file under {@code output.dir}, appended to
 *       {@value #FSYNC_WRITE_BYTES} bytes at a time, each write followed by
 *       {@code FileChannel.force(true)}; {@value #WARMUP_FSYNCS} of warm-up, then
 *       {@value #FSYNCS} with only the {@code force} call timed, as the broker's
 *       {@code fsync.nanos} counter times it. The file is deleted afterwards.</li>
 * </ul>
 *
 * <p>When the run adds round trips ({@code rtt.ms}), each value gets a third row, measured at
 * the start of that value's runs: the same ping-pong through a {@link DelayProxy}
 * ({@link #measureDelayProxy}), so that a reader sees the round trip the proxy achieved, not
 * only the one asked for.
 *
 * <p>Threads: {@link #measure} runs on the calling thread, which is the client of the round
 * trip and owns the file; one short-lived thread of its own echoes (and, for a delay-proxy row,
 * the proxy's threads forward, closed before {@code measure} returns). No read can block for
 * ever: each side closes its socket when it ends, for whatever reason, which ends the other
 * side's read, and the accept has a timeout. The result is immutable.
 */
public record Calibration(Percentiles loopbackRoundTrip, Percentiles fsyncAfter4KbWrite,
                          List<DelayProxyRoundTrip> delayProxyRoundTrips) {

    /** The row labels, as results.md prints them (the README sync test recognises them). */
    public static final String LOOPBACK_LABEL = "loopback round trip, 1 B, TCP_NODELAY";
    public static final String FSYNC_LABEL = "fsync after a 4 KB write";
    public static final List<String> LABELS = List.of(LOOPBACK_LABEL, FSYNC_LABEL);
    /** Followed by the rtt.ms value: one row per added round trip the run measured. */
    public static final String DELAY_PROXY_LABEL = "round trip through the delay proxy, rtt.ms=";

    static final int WARMUP_ROUND_TRIPS = 1_000;
    static final int ROUND_TRIPS = 3_000;
    static final int WARMUP_FSYNCS = 20;
    static final int FSYNCS = 300;
    static final int FSYNC_WRITE_BYTES = 4 * 1024;
    /** Fewer than on bare loopback: each takes the added round trip, a millisecond or more. */
    static final int WARMUP_PROXY_ROUND_TRIPS = 50;
    static final int PROXY_ROUND_TRIPS = 500;

    /** Bounds the accept and the echo thread's end, far above what either takes. */
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(10);
    private static final int PING = 1;
    private static final int END_OF_STREAM = -1;
    private static final double NANOS_PER_MICRO = 1e3;

    /**
     * p50 and p99 of {@code samples} timed measurements, in microseconds, as every percentile
     * the runner prints is defined ({@link Histograms}). Immutable.
     */
    public record Percentiles(int samples, double p50Micros, double p99Micros) {

        static Percentiles of(long[] nanos) {
            Histogram histogram = Histograms.of(nanos);
            return new Percentiles(nanos.length, micros(histogram.getValueAtPercentile(Histograms.P50)),
                    micros(histogram.getValueAtPercentile(Histograms.P99)));
        }

        private static double micros(long nanos) {
            return nanos / NANOS_PER_MICRO;
        }
    }

    /**
     * The round trip a {@link DelayProxy} adding {@code rttMs} actually gives: a 1-byte ping-pong
     * as for the loopback row, through the proxy to an echo, so it holds two loopback hops and
     * the proxy's wake-ups on top of the added time. Immutable.
     */
    public record DelayProxyRoundTrip(double rttMs, Percentiles roundTrip) {

        public String label() {
            return DELAY_PROXY_LABEL + Format.plain(rttMs);
        }
    }

    /** Before any delay proxy is measured. */
    public Calibration(Percentiles loopbackRoundTrip, Percentiles fsyncAfter4KbWrite) {
        this(loopbackRoundTrip, fsyncAfter4KbWrite, List.of());
    }

    /** Whether {@code text} is the label of a calibration row. */
    public static boolean isLabel(String text) {
        return LABELS.contains(text) || text.startsWith(DELAY_PROXY_LABEL);
    }

    /** This calibration with one more delay-proxy row. */
    public Calibration with(DelayProxyRoundTrip measured) {
        List<DelayProxyRoundTrip> rows = new ArrayList<>(delayProxyRoundTrips);
        rows.add(measured);
        return new Calibration(loopbackRoundTrip, fsyncAfter4KbWrite, List.copyOf(rows));
    }

    /** Measures the round trip through a delay proxy adding {@code rttMs} (above 0). */
    public static DelayProxyRoundTrip measureDelayProxy(double rttMs) throws IOException, InterruptedException {
        return measureDelayProxy(rttMs, WARMUP_PROXY_ROUND_TRIPS, PROXY_ROUND_TRIPS);
    }

    static DelayProxyRoundTrip measureDelayProxy(double rttMs, int warmup, int measured)
            throws IOException, InterruptedException {
        return new DelayProxyRoundTrip(rttMs, Percentiles.of(roundTripNanos(warmup, measured, rttMs)));
    }

    /** Measures both, with the file under {@code dir} (created if missing). */
    public static Calibration measure(Path dir) throws IOException, InterruptedException {
        return measure(dir, WARMUP_ROUND_TRIPS, ROUND_TRIPS, WARMUP_FSYNCS, FSYNCS);
    }

    static Calibration measure(Path dir, int warmupRoundTrips, int roundTrips, int warmupFsyncs, int fsyncs)
            throws IOException, InterruptedException {
        return new Calibration(
                Percentiles.of(loopbackRoundTripNanos(warmupRoundTrips, roundTrips)),
                Percentiles.of(fsyncNanos(Files.createDirectories(dir), warmupFsyncs, fsyncs)));
    }

    // ---- loopback round trip ----

    static long[] loopbackRoundTripNanos(int warmup, int measured) throws IOException, InterruptedException {
        return roundTripNanos(warmup, measured, 0);
    }

    /**
     * Ping-pong with an echo thread on loopback, through a {@link DelayProxy} adding {@code rttMs}
     * when it is above 0. The proxy is started and closed here.
     */
    static long[] roundTripNanos(int warmup, int measured, double rttMs) throws IOException, InterruptedException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout((int) SOCKET_TIMEOUT.toMillis());
            AtomicReference<IOException> echoFailure = new AtomicReference<>();
            Thread echo = new Thread(() -> echo(server, echoFailure), "calibration-echo");
            echo.setDaemon(true);
            echo.start();
            InetSocketAddress echoAddress = new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
            long[] nanos;
            try (DelayProxy proxy = rttMs > 0 ? DelayProxy.start(echoAddress, rttMs) : null) {
                try (Socket client = new Socket()) {
                    client.setTcpNoDelay(true);
                    client.connect(proxy == null ? echoAddress : proxy.address());
                    pingPong(client, warmup);
                    nanos = pingPong(client, measured);
                }
                // The client's close ends the echo loop; through a proxy, once its end of stream is due.
                echo.join(SOCKET_TIMEOUT.toMillis());
            }
            if (echo.isAlive()) {
                throw new IllegalStateException("calibration echo thread did not end within " + SOCKET_TIMEOUT);
            }
            if (echoFailure.get() != null) {
                throw echoFailure.get();
            }
            return nanos;
        }
    }

    private static long[] pingPong(Socket client, int roundTrips) throws IOException {
        OutputStream out = client.getOutputStream();
        InputStream in = client.getInputStream();
        long[] nanos = new long[roundTrips];
        for (int i = 0; i < roundTrips; i++) {
            long start = System.nanoTime();
            out.write(PING);
            if (in.read() == END_OF_STREAM) {
                throw new IOException("calibration echo closed the connection after " + i + " round trips");
            }
            nanos[i] = System.nanoTime() - start;
        }
        return nanos;
    }

    /** Accepts one connection and echoes every byte until the client closes it. */
    private static void echo(ServerSocket server, AtomicReference<IOException> failure) {
        try (Socket socket = server.accept()) {
            socket.setTcpNoDelay(true);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            for (int b = in.read(); b != END_OF_STREAM; b = in.read()) {
                out.write(b);
            }
        } catch (IOException e) {
            failure.set(e);
        }
    }

    // ---- fsync after a 4 KB write ----

    static long[] fsyncNanos(Path dir, int warmup, int measured) throws IOException {
        Path file = Files.createTempFile(dir, "calibration-fsync-", ".tmp");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer block = ByteBuffer.wrap(LoadGenerator.payload(FSYNC_WRITE_BYTES));
            writeAndForce(channel, block, warmup);
            return writeAndForce(channel, block, measured);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Appends one block and forces it, {@code times} times; returns the time inside each force. */
    private static long[] writeAndForce(FileChannel channel, ByteBuffer block, int times) throws IOException {
        long[] nanos = new long[times];
        for (int i = 0; i < times; i++) {
            block.rewind();
            while (block.hasRemaining()) {
                channel.write(block);
            }
            long start = System.nanoTime();
            channel.force(true);
            nanos[i] = System.nanoTime() - start;
        }
        return nanos;
    }
}
