package dev.tenx.sequential;

import dev.tenx.common.broker.FileChannels;
import dev.tenx.common.faults.ForwardingFileChannel;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real files whose {@code force} of a segment file first runs a test's hook: to hold the flusher
 * inside an fsync, or to make the fsync fail as a failing disk would. Counts the forces of
 * segment files (directories are forced as usual). Thread-safe: the hook runs on the flusher.
 */
final class HookedChannels implements FileChannels {

    /** What runs before each segment fsync; it may block or throw. */
    @FunctionalInterface
    interface ForceHook {
        void beforeForce() throws IOException;
    }

    private final AtomicInteger segmentForces = new AtomicInteger();
    private volatile ForceHook hook = () -> { };

    void beforeEachForce(ForceHook newHook) {
        hook = newHook;
    }

    int segmentForces() {
        return segmentForces.get();
    }

    @Override
    public FileChannel open(Path path, OpenOption... options) throws IOException {
        FileChannel real = FileChannel.open(path, options);
        return Files.isDirectory(path) ? real : new Hooked(real);
    }

    private final class Hooked extends ForwardingFileChannel {

        Hooked(FileChannel real) {
            super(real);
        }

        @Override
        public void force(boolean metaData) throws IOException {
            hook.beforeForce();
            delegate.force(metaData);
            segmentForces.incrementAndGet();
        }
    }
}
