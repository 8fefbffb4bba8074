package dev.tenx.workshop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The delay proxy against plain sockets on loopback. Timing is asserted only as a lower bound:
 * the proxy may never deliver early, but how late a shared machine wakes its threads is not
 * this test's business.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DelayProxyTest {

    private static final int CONNECTIONS = 4;
    private static final int BYTES_PER_CONNECTION = 8 * 1024 * 1024;
    private static final int WRITE_BYTES = 100 * 1024;
    private static final double RTT_MS = 1;
    private static final double SLOW_RTT_MS = 20;
    private static final long NANOS_PER_MILLI = 1_000_000;
    private static final int PINGS = 5;
    /** A reader and a writer per direction. */
    private static final int THREADS_PER_CONNECTION = 4;

    private ServerSocket server;
    private final List<Socket> serverSide = new ArrayList<>();
    /** Not the common pool: on 2 cores it has one thread, and these tasks block on sockets. */
    private final ExecutorService transfers = Executors.newCachedThreadPool();

    @BeforeEach
    void listen() throws IOException {
        server = new ServerSocket(0, CONNECTIONS, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void close() throws IOException {
        transfers.shutdownNow();
        server.close();
        for (Socket socket : serverSide) {
            socket.close();
        }
    }

    @Test
    void bytesArriveIntactAndInOrderUnderConcurrentLargeTransfers() throws Exception {
        Thread echo = echoEveryConnection();
        try (DelayProxy proxy = DelayProxy.start(serverAddress(), RTT_MS)) {
            List<CompletableFuture<Long>> transfers = new ArrayList<>();
            for (int seed = 0; seed < CONNECTIONS; seed++) {
                transfers.add(sendAndCheckEcho(proxy.address(), seed));
            }
            for (CompletableFuture<Long> transfer : transfers) {
                assertThat(transfer.get()).isEqualTo(BYTES_PER_CONNECTION);
            }
            long forwarded = 2L * CONNECTIONS * BYTES_PER_CONNECTION;
            DelayProxy.Usage usage = proxy.usage();
            assertThat(usage.io().rchar()).as("bytes read, both directions").isEqualTo(forwarded);
            assertThat(usage.io().wchar()).as("bytes written, both directions").isEqualTo(forwarded);
            assertThat(usage.io().syscr()).isPositive();
            assertThat(usage.io().syscw()).isPositive();
        }
        echo.interrupt();
    }

    @Test
    void eachDirectionIsDelayedByAtLeastHalfTheRoundTrip() throws Exception {
        try (DelayProxy proxy = DelayProxy.start(serverAddress(), SLOW_RTT_MS);
             Socket client = connect(proxy.address());
             Socket upstream = accept()) {
            long oneWayNanos = (long) (SLOW_RTT_MS / 2 * NANOS_PER_MILLI);
            assertThat(proxy.oneWayDelayNanos()).isEqualTo(oneWayNanos);
            for (int i = 0; i < PINGS; i++) {
                assertThat(oneWayNanos(client, upstream)).as("client to server").isGreaterThanOrEqualTo(oneWayNanos);
                assertThat(oneWayNanos(upstream, client)).as("server to client").isGreaterThanOrEqualTo(oneWayNanos);
            }
        }
    }

    @Test
    void endOfStreamIsForwardedAsAHalfClose() throws Exception {
        try (DelayProxy proxy = DelayProxy.start(serverAddress(), RTT_MS);
             Socket client = connect(proxy.address());
             Socket upstream = accept()) {
            client.getOutputStream().write(new byte[] {1, 2, 3});
            client.shutdownOutput();
            assertThat(upstream.getInputStream().readAllBytes()).containsExactly(1, 2, 3);
            upstream.getOutputStream().write(new byte[] {4, 5});
            upstream.shutdownOutput();
            assertThat(client.getInputStream().readAllBytes()).containsExactly(4, 5);
        }
    }

    @Test
    void closingReleasesEverySocketAndThread() throws Exception {
        DelayProxy proxy = DelayProxy.start(serverAddress(), RTT_MS);
        InetSocketAddress address = proxy.address();
        List<Socket> clients = new ArrayList<>();
        int connections = 2;
        for (int i = 0; i < connections; i++) {
            Socket client = connect(address);
            clients.add(client);
            Socket upstream = accept();
            // Both directions carry bytes: every thread of the connection has started.
            oneWayNanos(client, upstream);
            oneWayNanos(upstream, client);
        }
        assertThat(proxy.liveThreads()).as("an acceptor and four per connection")
                .isEqualTo(1 + connections * THREADS_PER_CONNECTION);

        proxy.close();

        assertThat(proxy.liveThreads()).isZero();
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().startsWith("delay-proxy-") && t.isAlive());
        for (Socket client : clients) {
            assertThat(readOrFail(client)).as("the client's connection is closed").isEqualTo(-1);
            client.close();
        }
        for (Socket upstream : serverSide) {
            assertThat(readOrFail(upstream)).as("the upstream connection is closed").isEqualTo(-1);
        }
        assertThatThrownBy(() -> connect(address).close()).isInstanceOf(ConnectException.class);
    }

    @Test
    void aRefusedUpstreamClosesTheClientsConnection() throws Exception {
        InetSocketAddress nobody = serverAddress();
        server.close();
        try (DelayProxy proxy = DelayProxy.start(nobody, RTT_MS);
             Socket client = connect(proxy.address())) {
            assertThat(readOrFail(client)).isEqualTo(-1);
        }
    }

    // ---- helpers ----

    private InetSocketAddress serverAddress() {
        return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
    }

    private static Socket connect(InetSocketAddress address) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(address);
        return socket;
    }

    private Socket accept() throws IOException {
        Socket socket = server.accept();
        socket.setTcpNoDelay(true);
        serverSide.add(socket);
        return socket;
    }

    /** One byte from {@code from} to {@code to}: the time from before the write to after the read. */
    private static long oneWayNanos(Socket from, Socket to) throws IOException {
        long start = System.nanoTime();
        from.getOutputStream().write(1);
        assertThat(to.getInputStream().read()).isEqualTo(1);
        return System.nanoTime() - start;
    }

    /** A read that ends with end of stream or a reset: either way the peer closed. */
    private static int readOrFail(Socket socket) {
        try {
            return socket.getInputStream().read();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Echoes every accepted connection on a thread of its own until the server socket closes. */
    private Thread echoEveryConnection() {
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    Socket socket = accept();
                    Thread copy = new Thread(() -> copy(socket), "echo");
                    copy.setDaemon(true);
                    copy.start();
                }
            } catch (IOException e) {
                // the server socket closed: the test is over
            }
        }, "echo-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return acceptor;
    }

    private static void copy(Socket socket) {
        try (socket) {
            socket.getInputStream().transferTo(socket.getOutputStream());
            socket.shutdownOutput();
        } catch (IOException e) {
            // the client went away; its own check fails if that was early
        }
    }

    /**
     * Writes {@link #BYTES_PER_CONNECTION} pseudo-random bytes from one thread while another
     * reads the echo and compares it byte for byte with the same sequence; completes with the
     * number of bytes that matched, in order, before end of stream.
     */
    private CompletableFuture<Long> sendAndCheckEcho(InetSocketAddress address, long seed) throws IOException {
        Socket socket = connect(address);
        CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> send(socket, seed), transfers);
        return CompletableFuture.supplyAsync(() -> {
            try (socket) {
                long matched = checkEcho(socket.getInputStream(), seed);
                sent.get();
                return matched;
            } catch (IOException | InterruptedException | ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }, transfers);
    }

    private static void send(Socket socket, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] chunk = new byte[WRITE_BYTES];
        try {
            OutputStream out = socket.getOutputStream();
            for (int sent = 0; sent < BYTES_PER_CONNECTION; sent += chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk, 0, Math.min(chunk.length, BYTES_PER_CONNECTION - sent));
            }
            socket.shutdownOutput();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long checkEcho(InputStream in, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] expected = new byte[WRITE_BYTES];
        byte[] received = new byte[WRITE_BYTES];
        long matched = 0;
        int expectedLeft = 0;
        int n;
        while ((n = in.read(received)) > 0) {
            for (int i = 0; i < n; i++) {
                if (expectedLeft == 0) {
                    random.nextBytes(expected);
                    expectedLeft = expected.length;
                }
                byte want = expected[expected.length - expectedLeft--];
                if (received[i] != want) {
                    throw new AssertionError("byte " + matched + " differs: got " + received[i] + ", sent " + want);
                }
                matched++;
            }
        }
        return matched;
    }
}
