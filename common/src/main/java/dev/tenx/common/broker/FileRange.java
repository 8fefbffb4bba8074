package dev.tenx.common.broker;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * A run of bytes in a file the store keeps open: what a fetch can hand to the socket without
 * reading it ({@code FileChannel.transferTo}, that is sendfile(2)), because the bytes stored are
 * the bytes sent. Only a store whose stored bytes never change below its durable end may hand
 * one out (an append-only log may; a store that rewrites pages in place may not: the bytes could
 * change while the kernel sends them).
 *
 * <p>The store owns {@code channel}: whoever holds a range reads it by position (which moves no
 * shared file position) and never closes it. Immutable; thread-safe.
 *
 * @param position where the run starts in the file
 * @param length   its bytes
 */
public record FileRange(FileChannel channel, long position, int length) {

    public FileRange {
        if (position < 0 || length < 0) {
            throw new IllegalArgumentException("position=" + position + ", length=" + length + ": need both >= 0");
        }
    }

    /**
     * The run read into a new buffer from {@code alloc}, which the caller releases: the copy that
     * sendfile avoids, and what a path that must see the bytes pays (TLS, a format change).
     */
    public ByteBuf readInto(ByteBufAllocator alloc) throws IOException {
        ByteBuf out = alloc.buffer(length);
        try {
            long at = position;
            while (out.writerIndex() < length) {
                int n = out.writeBytes(channel, at, length - out.writerIndex());
                if (n < 0) {
                    throw new IOException("end of file at position=" + at + " inside the range " + this);
                }
                at += n;
            }
            return out;
        } catch (IOException | RuntimeException e) {
            out.release();
            throw e;
        }
    }
}
