package dev.tenx.workshop;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP forwarder on loopback that adds a round trip and nothing else: bytes read from either
 * side at time t are written to the other side at t + rtt/2, in the order they were read. It
 * models a network's propagation delay, the cost batching and pipelining exist to amortize; it
 * does not model bandwidth (a read takes whatever has arrived, up to {@value #CHUNK_BYTES}
 * bytes, and is written whole when due), loss, reordering, or jitter beyond this machine's own
 * scheduling (a parked thread wakes a few tens of µs late: the achieved round trip is measured,
 * see {@link Calibration#measureDelayProxy}).
 *
 * <p>Threads: one acceptor; per connection and per direction, a reader that reads its source
 * socket, stamps each chunk with the time it is due and queues it, and a writer that parks until
 * the oldest chunk is due and writes it to its destination. Parking is
 * {@link LockSupport#parkNanos}, not a Netty timer: Netty's NIO selector rounds its timeouts to
 * milliseconds, which is the whole delay. A direction's reader alone reads its source and grows
 * its chunk pool, its writer alone writes its destination; chunks pass between them through two
 * bounded queues (due, and free for reuse), so a direction holds at most
 * {@value #CHUNKS_PER_DIRECTION} chunks and its reader waits when the destination has not taken
 * them (a receive window, far above what a few milliseconds of delay fill). End of stream is
 * forwarded as a half-close; an error on either socket closes the connection's two sockets.
 * {@link #close} may run on any thread: it closes the listening socket and every connection and
 * waits for every thread.
 *
 * <p>It runs in the runner's JVM, so its system calls, CPU and heap allocation land in the
 * client's counters. It counts its own ({@link #usage}) so that {@link Costs} can take them out
 * of the client's figures. Chunks are pooled direct buffers, so the steady state allocates next
 * to nothing and reads and writes copy nothing in the JVM.
 */
public final class DelayProxy implements AutoCloseable {

    static final int CHUNK_BYTES = 64 * 1024;
    /** 256 chunks of 64 KiB: 16 MiB per direction at most, allocated only as a backlog needs them. */
    static final int CHUNKS_PER_DIRECTION = 256;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    private static final double NANOS_PER_MILLI = 1e6;
    private static final int HALVES = 2;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /**
     * What the proxy has cost this JVM so far: its read and write system calls (one per channel
     * read or write, the same calls {@code /proc/self/io} counts), its threads' CPU time and
     * their heap allocation. Immutable.
     */
    public record Usage(ProcIo io, long cpuNanos, long allocatedBytes) {

        public static final Usage NONE = new Usage(new ProcIo(0, 0, 0, 0), 0, 0);

        public Usage minus(Usage earlier) {
            return new Usage(io.minus(earlier.io), cpuNanos - earlier.cpuNanos, allocatedBytes - earlier.allocatedBytes);
        }
    }

    private final ServerSocketChannel server;
    private final InetSocketAddress target;
    private final long delayNanos;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final LongAdder reads = new LongAdder();
    private final LongAdder writes = new LongAdder();
    private final LongAdder bytesRead = new LongAdder();
    private final LongAdder bytesWritten = new LongAdder();
    private final Object threadsLock = new Object();
    /** Every thread the proxy started, ended or not: what {@link #close} joins. Guarded by {@link #threadsLock}. */
    private final Set<Thread> threads = new HashSet<>();
    /**
     * The threads whose CPU and allocation {@link #usage} still reads live; a thread leaves it,
     * its figures moving to the two totals, as its last act. Guarded by {@link #threadsLock}.
     */
    private final Set<Thread> running = new HashSet<>();
    private long endedCpuNanos;
    private long endedAllocatedBytes;
    private final Thread acceptor;
    private volatile boolean closed;

    private DelayProxy(ServerSocketChannel server, InetSocketAddress target, long delayNanos) {
        this.server = server;
        this.target = target;
        this.delayNanos = delayNanos;
        this.acceptor = newThread("delay-proxy-accept", this::accept);
        acceptor.start();
    }

    /** Listens on a free loopback port and forwards every connection to {@code target}, adding {@code rttMs}. */
    public static DelayProxy start(InetSocketAddress target, double rttMs) throws IOException {
        return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), target, rttMs);
    }

    /**
     * Listens on {@code listen} and forwards every connection to {@code target}, adding
     * {@code rttMs}: for a broker that tells its clients to connect to {@code listen}
     * ({@code BrokerProcess.ProxyRoute}).
     */
    public static DelayProxy start(InetSocketAddress listen, InetSocketAddress target, double rttMs)
            throws IOException {
        if (!(rttMs >= 0)) {
            throw new IllegalArgumentException("rtt.ms=" + rttMs + ": must be at least 0");
        }
        ServerSocketChannel server = ServerSocketChannel.open();
        try {
            server.bind(new InetSocketAddress(listen.getHostString(), listen.getPort()));
        } catch (IOException e) {
            server.close();
            throw e;
        }
        // A config address is unresolved (HostPort.parse); a socket needs it resolved.
        InetSocketAddress resolved = new InetSocketAddress(target.getHostString(), target.getPort());
        return new DelayProxy(server, resolved, Math.round(rttMs * NANOS_PER_MILLI / HALVES));
    }

    /** Where clients connect instead of the target. */
    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.socket().getLocalPort());
    }

    /** The delay each direction adds: half the round trip. */
    public long oneWayDelayNanos() {
        return delayNanos;
    }

    public Usage usage() {
        synchronized (threadsLock) {
            long cpu = endedCpuNanos;
            long allocated = endedAllocatedBytes;
            for (Thread t : running) {
                cpu += Math.max(0, THREADS.getThreadCpuTime(t.getId())); // -1: not started yet, or just ended
                allocated += Math.max(0, THREADS.getThreadAllocatedBytes(t.getId()));
            }
            return new Usage(new ProcIo(bytesRead.sum(), bytesWritten.sum(), reads.sum(), writes.sum()), cpu, allocated);
        }
    }

    /** The proxy's threads that have not ended yet. */
    int liveThreads() {
        synchronized (threadsLock) {
            return (int) threads.stream().filter(Thread::isAlive).count();
        }
    }

    private void accept() {
        int connectionId = 0;
        while (!closed) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed, or the listening socket failed: no more connections either way
            }
            SocketChannel upstream = null;
            try {
                upstream = SocketChannel.open(target);
                noDelay(client);
                noDelay(upstream);
                new Connection(++connectionId, client, upstream).start();
            } catch (IOException e) {
                // The client sees its connection closed, as if the target had refused it.
                closeQuietly(client);
                closeQuietly(upstream);
            }
        }
    }

    private static void noDelay(SocketChannel channel) throws IOException {
        // No Nagle wait on top of the delay: a small chunk goes out the moment it is due.
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
    }

    private Thread newThread(String name, Runnable body) {
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } finally {
                ended();
            }
        }, name);
        thread.setDaemon(true);
        synchronized (threadsLock) {
            threads.add(thread);
            running.add(thread);
        }
        return thread;
    }

    /** Runs last on each proxy thread: its CPU and allocation move to the totals of ended threads. */
    private void ended() {
        synchronized (threadsLock) {
            running.remove(Thread.currentThread());
            endedCpuNanos += Math.max(0, THREADS.getCurrentThreadCpuTime());
            endedAllocatedBytes += Math.max(0, THREADS.getCurrentThreadAllocatedBytes());
        }
    }

    /** Stops accepting, closes every connection, and waits for every thread of the proxy to end. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        long deadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
        try {
            try {
                join(acceptor, deadline); // after it, no connection is added
            } finally {
                List.copyOf(connections).forEach(Connection::close);
            }
            List<Thread> left;
            synchronized (threadsLock) {
                left = List.copyOf(threads);
            }
            for (Thread thread : left) {
                join(thread, deadline);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(Thread thread, long deadlineNanos) throws InterruptedException {
        long leftNanos = deadlineNanos - System.nanoTime();
        if (leftNanos > 0) {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(leftNanos))); // join(0) waits for ever
        }
        if (thread.isAlive()) {
            throw new IllegalStateException("delay proxy thread " + thread.getName() + " did not end within "
                    + CLOSE_TIMEOUT + " of close");
        }
    }

    private static void closeQuietly(Channel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // closing to release: nothing left to do with the socket either way
        }
    }

    /** One client connection and its upstream twin: two directions, four threads. */
    private final class Connection {

        private final SocketChannel client;
        private final SocketChannel upstream;
        private final List<Thread> threads = new ArrayList<>();
        private final AtomicInteger openDirections = new AtomicInteger(HALVES);
        private final AtomicBoolean closed = new AtomicBoolean();

        Connection(int id, SocketChannel client, SocketChannel upstream) {
            this.client = client;
            this.upstream = upstream;
            Direction up = new Direction(this, client, upstream);
            Direction down = new Direction(this, upstream, client);
            // Writers first: a reader that fails at once closes the connection by interrupting
            // its writers, which must have started to be woken.
            threads.add(newThread("delay-proxy-" + id + "-up-write", up::write));
            threads.add(newThread("delay-proxy-" + id + "-down-write", down::write));
            threads.add(newThread("delay-proxy-" + id + "-up-read", up::read));
            threads.add(newThread("delay-proxy-" + id + "-down-read", down::read));
        }

        void start() {
            connections.add(this);
            threads.forEach(Thread::start);
        }

        /** A direction has forwarded its end of stream; after both, the connection is done. */
        void directionEnded() {
            if (openDirections.decrementAndGet() == 0) {
                close();
            }
        }

        /** Closes both sockets and wakes every thread of this connection that may be waiting on a queue. */
        void close() {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            closeQuietly(client);
            closeQuietly(upstream);
            connections.remove(this);
            for (Thread thread : threads) {
                if (thread != Thread.currentThread()) {
                    thread.interrupt();
                }
            }
        }
    }

    /** A pooled buffer and when its bytes are due. Handed between a reader and a writer through queues. */
    private static final class Chunk {
        final ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK_BYTES);
        long dueNanos;
        boolean endOfStream;
    }

    /** One direction of a connection: its delay line and its pool of chunks. */
    private final class Direction {

        private final Connection connection;
        private final SocketChannel from;
        private final SocketChannel to;
        private final BlockingQueue<Chunk> due = new ArrayBlockingQueue<>(CHUNKS_PER_DIRECTION);
        private final BlockingQueue<Chunk> free = new ArrayBlockingQueue<>(CHUNKS_PER_DIRECTION);
        /** Reader thread only. */
        private int chunks;

        Direction(Connection connection, SocketChannel from, SocketChannel to) {
            this.connection = connection;
            this.from = from;
            this.to = to;
        }

        void read() {
            try {
                boolean open = true;
                while (open) {
                    Chunk chunk = freeChunk();
                    int n = from.read(chunk.buffer);
                    chunk.dueNanos = System.nanoTime() + delayNanos;
                    reads.increment();
                    open = n >= 0;
                    if (open) {
                        bytesRead.add(n);
                    }
                    chunk.endOfStream = !open;
                    due.put(chunk);
                }
            } catch (IOException | InterruptedException e) {
                connection.close();
            }
        }

        private Chunk freeChunk() throws InterruptedException {
            Chunk chunk = free.poll();
            if (chunk != null) {
                return chunk;
            }
            if (chunks < CHUNKS_PER_DIRECTION) {
                chunks++;
                return new Chunk();
            }
            return free.take();
        }

        void write() {
            try {
                while (true) {
                    Chunk chunk = due.take();
                    awaitDue(chunk.dueNanos);
                    if (chunk.endOfStream) {
                        to.shutdownOutput();
                        connection.directionEnded();
                        return;
                    }
                    writeFully(chunk.buffer.flip());
                    chunk.buffer.clear();
                    free.add(chunk); // never full: it holds at most the chunks the reader created
                }
            } catch (IOException | InterruptedException e) {
                connection.close();
            }
        }

        private void writeFully(ByteBuffer buffer) throws IOException {
            while (buffer.hasRemaining()) {
                bytesWritten.add(to.write(buffer));
                writes.increment();
            }
        }
    }

    /** Parks until {@code dueNanos}: never early, late by the scheduler's wake-up time. */
    private static void awaitDue(long dueNanos) throws InterruptedException {
        for (long left = dueNanos - System.nanoTime(); left > 0; left = dueNanos - System.nanoTime()) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                throw new InterruptedException("delay proxy closed");
            }
        }
    }
}
