package dev.tenx.zerocopy;

import dev.tenx.common.broker.FileRange;
import io.netty.channel.FileRegion;
import io.netty.util.AbstractReferenceCounted;
import java.io.IOException;
import java.nio.channels.WritableByteChannel;

/**
 * A fetched range of the log as a Netty {@link FileRegion}: the channel writes it with
 * {@code FileChannel.transferTo}, which the JDK turns into sendfile(2) when the target is a
 * socket, so the records go from the page cache to the socket and never enter the JVM.
 *
 * <p>Netty's own {@code DefaultFileRegion} closes its file when released; this one does not,
 * since the file is a segment the log keeps open for every fetch and every append. Releasing it
 * gives nothing back (a range holds no reference of the log's): it only satisfies Netty, which
 * releases every message it writes, once.
 *
 * <p>Thread-safety: written by one channel's event-loop thread, as Netty writes any message.
 */
public final class StoredRegion extends AbstractReferenceCounted implements FileRegion {

    private final FileRange range;
    private long transferred;

    public StoredRegion(FileRange range) {
        this.range = range;
    }

    @Override
    public long position() {
        return range.position();
    }

    @Override
    public long count() {
        return range.length();
    }

    @Override
    public long transferred() {
        return transferred;
    }

    @Override
    @Deprecated
    public long transfered() {
        return transferred;
    }

    /** {@code position} is relative to the range's start, as Netty counts it: the bytes already sent. */
    @Override
    public long transferTo(WritableByteChannel target, long position) throws IOException {
        long left = range.length() - position;
        if (left < 0 || position < 0) {
            throw new IllegalArgumentException("position=" + position + " is outside the range [0, " + range.length()
                    + "]");
        }
        if (left == 0) {
            return 0;
        }
        // zero-copy: transferTo to a socket is sendfile(2): the kernel moves the stored bytes from
        // the page cache to the socket, no copy into the JVM, no buffer allocated for them.
        // Impossible under TLS (the bytes must pass through the encrypting handler) or when the
        // stored format differs from the wire's; ZeroCopyResponseWriter checks both first.
        long written = range.channel().transferTo(range.position() + position, left, target);
        if (written > 0) {
            transferred += written;
        } else if (written == 0 && range.channel().size() < range.position() + range.length()) {
            throw new IOException("the file shrank under a fetch: size=" + range.channel().size() + ", range=" + range);
        }
        return written;
    }

    @Override
    protected void deallocate() {
        // the segment stays open: the log owns it, and closes it when it closes
    }

    @Override
    public StoredRegion retain() {
        super.retain();
        return this;
    }

    @Override
    public StoredRegion retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public StoredRegion touch() {
        return this;
    }

    @Override
    public StoredRegion touch(Object hint) {
        return this;
    }

    @Override
    public String toString() {
        return "StoredRegion[" + range + ", transferred=" + transferred + "]";
    }
}
