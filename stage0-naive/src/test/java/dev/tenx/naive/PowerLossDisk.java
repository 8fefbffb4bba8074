package dev.tenx.naive;

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
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A disk that can lose power, for {@link dev.tenx.common.broker.FileChannels}. Its file channels keep every
 * positional write pending, as the page cache does, until {@code force}; after {@code crashAfter}
 * write-or-force operations the power goes: that operation and every later one fail with
 * {@link PowerLost}, and of the writes still pending only the {@link Survivors} reach the file,
 * as the kernel may have written back any of them, or none. Only what a store uses is simulated
 * (positional writes, force, size); the rest throws.
 *
 * <p>Single-threaded, like the tests that use it.
 */
final class PowerLossDisk {

    /** Thrown by every operation from the power loss on. */
    static final class PowerLost extends IOException {
        private static final long serialVersionUID = 1L;

        PowerLost() {
            super("power lost");
        }
    }

    /** Which unforced writes the kernel had written back when the power went. */
    record Survivors(String name, Keeps keeps) {

        @FunctionalInterface
        interface Keeps {
            boolean keeps(String fileName, int pendingIndex);
        }

        static final Survivors NONE = new Survivors("no unforced write survived", (file, i) -> false);
        static final Survivors ALL = new Survivors("every unforced write survived", (file, i) -> true);

        static Survivors random(long seed) {
            return new Survivors("unforced writes survived at random, seed " + seed,
                    (file, i) -> new SplittableRandom(seed ^ (31L * file.hashCode() + i)).nextBoolean());
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private final int crashAfter;
    private final Survivors survivors;
    private final List<PendingChannel> channels = new ArrayList<>();
    private boolean armed;
    private boolean off;
    private int operations;

    PowerLossDisk(int crashAfter, Survivors survivors) {
        this.crashAfter = crashAfter;
        this.survivors = survivors;
    }

    FileChannel open(Path path, OpenOption... options) throws IOException {
        FileChannel real = FileChannel.open(path, options);
        if (Files.isDirectory(path)) {
            return real; // a directory is only forced, at creation, before the disk is armed
        }
        PendingChannel channel = new PendingChannel(path.getFileName().toString(), real);
        channels.add(channel);
        return channel;
    }

    /** From now on operations count towards the power loss. */
    void arm() {
        armed = true;
    }

    int operations() {
        return operations;
    }

    /** The power goes: pending writes reach their files only if they survive. Idempotent. */
    void powerOff() throws IOException {
        if (off) {
            return;
        }
        off = true;
        for (PendingChannel channel : channels) {
            channel.writeBackSurvivors();
        }
    }

    private void tick() throws IOException {
        if (off) {
            throw new PowerLost();
        }
        if (armed && operations++ >= crashAfter) {
            powerOff();
            throw new PowerLost();
        }
    }

    private record Write(long position, byte[] bytes) {
    }

    private final class PendingChannel extends FileChannel {

        private final String name;
        private final FileChannel real;
        private final List<Write> pending = new ArrayList<>();

        PendingChannel(String name, FileChannel real) {
            this.name = name;
            this.real = real;
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            tick();
            byte[] bytes = new byte[src.remaining()];
            src.get(bytes);
            pending.add(new Write(position, bytes));
            return bytes.length;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            tick();
            for (Write w : pending) {
                writeThrough(w);
            }
            pending.clear();
            real.force(metaData);
        }

        @Override
        public long size() throws IOException {
            long size = real.size();
            for (Write w : pending) {
                size = Math.max(size, w.position() + w.bytes().length);
            }
            return size;
        }

        void writeBackSurvivors() throws IOException {
            for (int i = 0; i < pending.size(); i++) {
                if (survivors.keeps().keeps(name, i)) {
                    writeThrough(pending.get(i));
                }
            }
            pending.clear();
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

        @Override
        public int read(ByteBuffer dst, long position) {
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
        public FileChannel truncate(long size) {
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

        private UnsupportedOperationException unsupported() {
            return new UnsupportedOperationException("the power-loss disk simulates positional writes, force and size only");
        }
    }
}
