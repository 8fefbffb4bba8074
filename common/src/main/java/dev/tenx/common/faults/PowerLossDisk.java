package dev.tenx.common.faults;

import dev.tenx.common.broker.FileChannels;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A disk that can lose power, as {@link FileChannels}: what the power-loss contract opens a
 * store's files through. It models the two things a store must force to keep a promise:
 * <ul>
 *   <li><b>file contents</b>: every positional write stays pending, as in the page cache, until
 *       the file is forced;
 *   <li><b>directory entries</b>: a file created through it (opened with {@code CREATE} or
 *       {@code CREATE_NEW} while it did not exist) is a pending entry of its directory until that
 *       directory is forced ({@link #open} on the directory, then {@code force}); a file whose
 *       entry is lost is gone, forced contents and all.
 * </ul>
 * After {@code crashAfter} operations (a write, a force, a file creation) the power goes: that
 * operation and every later one fail with {@link PowerLost}, and of what is pending only the
 * {@link Survivors} reach the disk, as the kernel may have written back any of it, or none.
 *
 * <p>Two more ways a disk lets a store down, for the reliability run:
 * <ul>
 *   <li><b>torn writes</b>: {@link Survivors#tearing} keeps a random subset of the pending writes
 *       and cuts some of those it keeps at a sector boundary ({@value #SECTOR_BYTES} bytes), as a
 *       power loss in the middle of a multi-sector write does; a sector itself is written whole;
 *   <li><b>a failing disk</b>: {@link #failNext} makes the next write, file fsync or directory
 *       fsync fail once with an {@code EIO} or {@code ENOSPC} message, and then behaves as Linux
 *       does after a failed writeback: the writes that fsync was to make durable stay readable
 *       (the pages are still cached) but are marked clean, so no later fsync writes them and a
 *       power loss loses them; the entries a failed directory fsync was to make durable are
 *       lost the same way. A store that retries the fsync, sees it succeed and acknowledges has
 *       lost those records, which the power loss afterwards shows.
 * </ul>
 *
 * <p>It governs the files under {@code root}. A file that appears or disappears there without
 * passing through it (a {@code Files.move}, {@code Files.write} or {@code Files.delete}) is a
 * change it cannot model: {@link #changedBehindItsBack()} names it, so that the contract fails
 * instead of guessing whether it survived. {@link FileChannels} has no rename, so a store cannot
 * rename through the seam today; when one needs to, the seam grows a {@code move} and this disk
 * models it as a pending entry, like a creation. Only what a store uses is simulated: positional
 * reads and writes, force, truncate (a log cutting a torn tail) and size; the rest throws, so that a store needing more makes the
 * model grow rather than pass untested.
 *
 * <p>Thread-safe, under one lock: a store may force on a flusher thread while another appends.
 */
public final class PowerLossDisk implements FileChannels {

    /** What a disk writes whole or not at all; a longer write may be torn between two of them. */
    public static final int SECTOR_BYTES = 512;

    /** An operation {@link #failNext} can make fail. */
    public enum Operation { WRITE, FORCE_FILE, FORCE_DIRECTORY }

    /** How it fails: the errno a real disk would give, and what of a write reaches the page cache first. */
    public enum Errno {
        /** An I/O error: nothing of a failed write is cached. */
        EIO("Input/output error"),
        /** The disk is full: a failed write was short, its first half cached (and never reported written). */
        ENOSPC("No space left on device");

        private final String message;

        Errno(String message) {
            this.message = message;
        }

        IOException exception(Operation operation, Path path) {
            return new IOException(message + " (" + name() + ", injected on " + operation + " of " + path + ")");
        }
    }

    /** Thrown by every operation from the power loss on. */
    public static final class PowerLost extends IOException {
        private static final long serialVersionUID = 1L;

        PowerLost() {
            super("power lost");
        }
    }

    /**
     * Which pending writes and directory entries the kernel had made durable when the power went,
     * and how much of each kept write: all of it, or, when {@code tears} says so, its sectors up to
     * a sector boundary inside it.
     */
    public record Survivors(String name, Keeps keeps, Tears tears) {

        /** {@code pending} names a file's writes or a directory's entries; {@code index} counts them in order. */
        @FunctionalInterface
        public interface Keeps {
            boolean keeps(String pending, int index);
        }

        /** The bytes of a kept write that reach the disk: {@code length}, or fewer, ending at a sector boundary. */
        @FunctionalInterface
        public interface Tears {
            int keptBytes(String pending, int index, long position, int length);
        }

        private static final Tears WHOLE = (pending, index, position, length) -> length;

        public Survivors(String name, Keeps keeps) {
            this(name, keeps, WHOLE);
        }

        public static final Survivors NONE = new Survivors("nothing unforced survived", (pending, i) -> false);
        public static final Survivors ALL = new Survivors("everything unforced survived", (pending, i) -> true);

        public static Survivors random(long seed) {
            return new Survivors("unforced writes and entries survived at random, seed " + seed,
                    (pending, i) -> new SplittableRandom(seed ^ (31L * pending.hashCode() + i)).nextBoolean());
        }

        /**
         * A random subset survives, as {@link #random}, and a kept write that spans a sector
         * boundary is torn at one of them with even odds: its sectors after the cut never reached the disk.
         */
        public static Survivors tearing(long seed) {
            Survivors subset = random(seed);
            return new Survivors("unforced writes and entries survived at random, some torn at a sector, seed " + seed,
                    subset.keeps(), (pending, index, position, length) -> {
                        long firstBoundary = (position / SECTOR_BYTES + 1) * SECTOR_BYTES;
                        long end = position + length;
                        SplittableRandom random = new SplittableRandom(~seed ^ (31L * pending.hashCode() + index));
                        if (firstBoundary >= end || random.nextBoolean()) {
                            return length;
                        }
                        long boundaries = (end - 1 - firstBoundary) / SECTOR_BYTES + 1;
                        return (int) (firstBoundary + random.nextLong(boundaries) * SECTOR_BYTES - position);
                    });
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private final Path root;
    private final int crashAfter;
    private final Survivors survivors;
    private final Set<Path> before;
    private final List<PendingChannel> channels = new ArrayList<>();
    /** Files created through this disk and not lost since, whether or not their entry is durable yet. */
    private final Set<Path> created = new TreeSet<>();
    /** Entries not yet made durable by a force of their directory, by directory, in creation order. */
    private final Map<Path, List<Path>> pendingEntries = new LinkedHashMap<>();
    /** Entries a failed directory fsync was to make durable: lost at the power loss, whatever survives. */
    private final List<Path> doomedEntries = new ArrayList<>();
    private boolean off;
    private int operations;
    private Operation failing;
    private Errno failingWith;
    private int faultsInjected;

    /**
     * A disk governing the files under {@code root}, an existing directory whose own entry is
     * durable (a broker's {@code log.dir} is made by whoever deploys it), that loses power after
     * {@code crashAfter} operations; {@link Integer#MAX_VALUE} never does, to count them.
     */
    public PowerLossDisk(Path root, int crashAfter, Survivors survivors) throws IOException {
        this.root = root;
        this.crashAfter = crashAfter;
        this.survivors = survivors;
        this.before = filesUnder(root);
    }

    @Override
    public synchronized FileChannel open(Path path, OpenOption... options) throws IOException {
        checkPower();
        if (Files.isDirectory(path)) {
            return new DirectoryChannel(path);
        }
        List<OpenOption> opts = List.of(options);
        boolean creates = !Files.exists(path)
                && (opts.contains(StandardOpenOption.CREATE) || opts.contains(StandardOpenOption.CREATE_NEW));
        if (creates) {
            tick();
        }
        FileChannel real = FileChannel.open(path, options);
        if (creates) {
            created.add(path);
            pendingEntries.computeIfAbsent(path.getParent(), d -> new ArrayList<>()).add(path);
        }
        PendingChannel channel = new PendingChannel(path, real);
        channels.add(channel);
        return channel;
    }

    /** Write, force and create operations so far: the crash points of a run. */
    public synchronized int operations() {
        return operations;
    }

    /**
     * Makes the next {@code operation} fail once with {@code errno}, and what it was to make
     * durable never become durable (see the class comment). An fsync fails only when it has
     * something to write back, as a failed writeback does: the next one of a file with pending
     * writes, or of a directory with pending entries. Later operations succeed again: the
     * harsher disk for a store, since only one that never retries stays correct.
     */
    public synchronized void failNext(Operation operation, Errno errno) {
        failing = operation;
        failingWith = errno;
    }

    /** Faults {@link #failNext} armed that have struck. */
    public synchronized int faultsInjected() {
        return faultsInjected;
    }

    /** True once, for the operation a fault was armed for: the caller then fails it. */
    private boolean strikes(Operation operation) {
        if (failing != operation) {
            return false;
        }
        failing = null;
        faultsInjected++;
        return true;
    }

    /**
     * The power goes: pending writes reach their files and pending entries stay only if they
     * survive. Idempotent; the contract calls it when a run ends before its crash point.
     */
    public synchronized void powerOff() throws IOException {
        if (off) {
            return;
        }
        off = true;
        for (PendingChannel channel : channels) {
            channel.writeBackSurvivors();
        }
        for (Map.Entry<Path, List<Path>> directory : pendingEntries.entrySet()) {
            List<Path> entries = directory.getValue();
            for (int i = 0; i < entries.size(); i++) {
                if (!survivors.keeps().keeps("entries of " + directory.getKey().getFileName(), i)) {
                    Files.deleteIfExists(entries.get(i));
                    created.remove(entries.get(i));
                }
            }
        }
        pendingEntries.clear();
        for (Path doomed : doomedEntries) {
            Files.deleteIfExists(doomed);
            created.remove(doomed);
        }
        doomedEntries.clear();
    }

    /**
     * Files under the root that appeared or disappeared without this disk: empty unless the store
     * changed a directory in a way the model cannot judge.
     */
    public synchronized List<String> changedBehindItsBack() throws IOException {
        Set<Path> expected = new TreeSet<>(before);
        expected.addAll(created);
        Set<Path> now = filesUnder(root);
        List<String> changes = new ArrayList<>();
        now.stream().filter(p -> !expected.contains(p)).forEach(p -> changes.add("appeared: " + p));
        expected.stream().filter(p -> !now.contains(p)).forEach(p -> changes.add("disappeared: " + p));
        return changes;
    }

    private static Set<Path> filesUnder(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> !p.equals(root)).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private void checkPower() throws PowerLost {
        if (off) {
            throw new PowerLost();
        }
    }

    /** One operation that changes the disk: the power may go right here, before it happens. */
    private void tick() throws IOException {
        checkPower();
        if (operations++ >= crashAfter) {
            powerOff();
            throw new PowerLost();
        }
    }

    private record Write(long position, byte[] bytes) {
        long end() {
            return position + bytes.length;
        }
    }

    /** A directory opened to be forced: forcing it makes the entries created in it durable. */
    private final class DirectoryChannel extends UnsupportedChannel {

        private final Path directory;

        DirectoryChannel(Path directory) {
            this.directory = directory;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            synchronized (PowerLossDisk.this) {
                tick();
                List<Path> entries = pendingEntries.remove(directory);
                if (entries != null && strikes(Operation.FORCE_DIRECTORY)) {
                    // a failed directory fsync: its new entries are never made durable by a later one
                    if (entries != null) {
                        doomedEntries.addAll(entries);
                    }
                    throw failingWith.exception(Operation.FORCE_DIRECTORY, directory);
                }
            }
        }

        @Override
        public long size() {
            throw unsupported();
        }

        @Override
        protected void implCloseChannel() {
            // nothing real was opened
        }
    }

    /** A file whose writes wait, as in the page cache, until it is forced. */
    private final class PendingChannel extends UnsupportedChannel {

        private final Path path;
        private final FileChannel real;
        private final List<Write> pending = new ArrayList<>();
        /** Writes a failed fsync was to make durable: still cached, so readable, but never written back. */
        private final List<Write> lost = new ArrayList<>();

        PendingChannel(Path path, FileChannel real) {
            this.path = path;
            this.real = real;
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            synchronized (PowerLossDisk.this) {
                tick();
                byte[] bytes = new byte[src.remaining()];
                src.get(bytes);
                if (strikes(Operation.WRITE)) {
                    if (failingWith == Errno.ENOSPC) {
                        pending.add(new Write(position, Arrays.copyOf(bytes, bytes.length / 2)));
                    }
                    throw failingWith.exception(Operation.WRITE, path);
                }
                pending.add(new Write(position, bytes));
                return bytes.length;
            }
        }

        /** What the store would read from the page cache: the file with its pending writes over it. */
        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            synchronized (PowerLossDisk.this) {
                checkPower();
                long size = size();
                if (position >= size) {
                    return -1;
                }
                byte[] bytes = new byte[(int) Math.min(dst.remaining(), size - position)];
                ByteBuffer fromFile = ByteBuffer.wrap(bytes);
                while (fromFile.hasRemaining() && real.read(fromFile, position + fromFile.position()) > 0) {
                    // reads what the file holds; beyond its end the pending writes supply the rest
                }
                for (Write w : cached()) {
                    long from = Math.max(position, w.position());
                    long to = Math.min(position + bytes.length, w.end());
                    if (from < to) {
                        System.arraycopy(w.bytes(), (int) (from - w.position()), bytes, (int) (from - position),
                                (int) (to - from));
                    }
                }
                dst.put(bytes);
                return bytes.length;
            }
        }

        @Override
        public void force(boolean metaData) throws IOException {
            synchronized (PowerLossDisk.this) {
                tick();
                if (!pending.isEmpty() && strikes(Operation.FORCE_FILE)) {
                    // a failed fsync: the kernel marks the pages clean, so no later fsync writes them
                    lost.addAll(pending);
                    pending.clear();
                    throw failingWith.exception(Operation.FORCE_FILE, path);
                }
                for (Write w : pending) {
                    writeThrough(w);
                }
                pending.clear();
                // no real.force: the simulation's own process never crashes, so the real disk's state does not matter
            }
        }

        @Override
        public long size() throws IOException {
            synchronized (PowerLossDisk.this) {
                long size = real.size();
                for (Write w : cached()) {
                    size = Math.max(size, w.end());
                }
                return size;
            }
        }

        /**
         * A cut, as a log's recovery makes to drop a torn tail: modelled as reaching the disk at
         * once, with the pending writes past the cut dropped. A store forces right after it (an
         * fsync makes a file's size durable too), so whether a cut alone would survive a power loss
         * only decides whether the next recovery makes it again.
         */
        @Override
        public FileChannel truncate(long newSize) throws IOException {
            synchronized (PowerLossDisk.this) {
                tick();
                List<Write> kept = new ArrayList<>();
                for (Write w : pending) {
                    if (w.position() < newSize) {
                        int keep = (int) Math.min(w.bytes().length, newSize - w.position());
                        kept.add(new Write(w.position(), Arrays.copyOf(w.bytes(), keep)));
                    }
                }
                pending.clear();
                pending.addAll(kept);
                lost.removeIf(w -> w.position() >= newSize);
                real.truncate(Math.min(newSize, real.size()));
                return this;
            }
        }

        /** What the page cache holds over the file, oldest first: writes a failed fsync lost, then pending ones. */
        private List<Write> cached() {
            if (lost.isEmpty()) {
                return pending;
            }
            List<Write> all = new ArrayList<>(lost);
            all.addAll(pending);
            return all;
        }

        void writeBackSurvivors() throws IOException {
            String name = "writes to " + path.getFileName();
            for (int i = 0; i < pending.size(); i++) {
                Write w = pending.get(i);
                if (survivors.keeps().keeps(name, i)) {
                    int kept = survivors.tears().keptBytes(name, i, w.position(), w.bytes().length);
                    writeThrough(new Write(w.position(), Arrays.copyOf(w.bytes(), kept)));
                }
            }
            pending.clear();
            lost.clear();
        }

        private void writeThrough(Write w) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(w.bytes());
            long p = w.position();
            while (b.hasRemaining()) {
                p += real.write(b, p);
            }
        }

        @Override
        protected void implCloseChannel() throws IOException {
            real.close();
        }
    }

    /** Every operation a store has no business using on this disk throws, naming what is simulated. */
    private abstract static class UnsupportedChannel extends FileChannel {

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            throw unsupported();
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            throw unsupported();
        }

        @Override
        public int read(ByteBuffer dst) {
            throw unsupported();
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) {
            throw unsupported();
        }

        @Override
        public int write(ByteBuffer src) {
            throw unsupported();
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            throw unsupported();
        }

        @Override
        public long position() {
            throw unsupported();
        }

        @Override
        public FileChannel position(long newPosition) {
            throw unsupported();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            throw unsupported();
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) {
            throw unsupported();
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) {
            throw unsupported();
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) {
            throw unsupported();
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) {
            throw unsupported();
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) {
            throw unsupported();
        }

        static UnsupportedOperationException unsupported() {
            return new UnsupportedOperationException(
                    "the power-loss disk simulates positional reads and writes, force, truncate and size only");
        }
    }
}
