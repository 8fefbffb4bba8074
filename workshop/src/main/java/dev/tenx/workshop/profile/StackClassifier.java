package dev.tenx.workshop.profile;

import java.util.List;
import java.util.Set;

/**
 * Puts one sampled stack into one {@link Category}, by its frames. The rules are tried in this
 * order and the first that matches decides, which is also how a stack that fits two categories
 * is settled:
 *
 * <ol>
 *   <li><b>waiting</b>: the innermost frame is an idle wait (epoll with nothing ready, park,
 *       {@code Object.wait}, sleep). Only the innermost frame counts: an event loop that is
 *       doing work has its wait far down the stack, not at the top.</li>
 *   <li><b>fsync</b>: a frame anywhere is {@code FileChannel.force} or below it. Nothing that
 *       forces is anything else.</li>
 *   <li><b>encode/decode</b>: a frame anywhere belongs to a codec (Jackson, protobuf, the
 *       generated wire classes, the project's codecs). So a copy a codec makes (Jackson's
 *       buffers, protobuf's byte strings) is the codec's: a binary encoding removes it with the
 *       codec, not a zero-copy path.</li>
 *   <li><b>copying</b>: one of the {@value #COPY_DEPTH} innermost frames is a copy routine
 *       (arraycopy, {@code Arrays.copyOf}, {@code Unsafe.copyMemory}, a bulk buffer put or get,
 *       Netty's byte copies). The depth lets the bounds checks a copy calls sit above it. A copy
 *       inside an I/O call is a copy, not I/O: the JDK's copy of a heap buffer into a temporary
 *       direct one before {@code write(2)} is exactly what fewer copies removes.</li>
 *   <li><b>network I/O</b>: a frame anywhere is a socket's (NIO or Netty's native transport),
 *       or {@code FileChannel.transferTo}: sendfile reads a file but sends to a socket, and what
 *       it saves is on the network side.</li>
 *   <li><b>file I/O</b>: a frame anywhere is a file channel's or a file stream's: writes and
 *       reads (replay reads the log).</li>
 *   <li><b>other</b>: the rest.</li>
 * </ol>
 *
 * {@link Category#GC} never comes from a stack: see {@link ProfileReader}.
 *
 * <p>Limits: a JIT intrinsic (arraycopy, CRC32C) runs as a stub without a frame of its own, so
 * its samples land on the method that called it; a copy inlined into an unlisted method is that
 * method's. Stateless; thread-safe.
 */
public final class StackClassifier {

    /** How many innermost frames may lie above the copy routine that makes a sample a copy. */
    static final int COPY_DEPTH = 3;

    private static final Set<String> IDLE_WAITS = Set.of(
            "sun.nio.ch.EPoll.wait",
            "io.netty.channel.epoll.Native.epollWait",
            "io.netty.channel.epoll.Native.epollWait0",
            "io.netty.channel.epoll.Native.epollBusyWait0",
            "jdk.internal.misc.Unsafe.park",
            "java.lang.Object.wait",
            "java.lang.Thread.sleep");

    private static final Set<String> FSYNC = Set.of(
            "sun.nio.ch.FileDispatcherImpl.force0",
            "sun.nio.ch.FileChannelImpl.force",
            "java.io.FileDescriptor.sync",
            "java.nio.MappedByteBuffer.force");

    private static final List<String> CODEC_PACKAGES = List.of(
            "com.fasterxml.jackson.",
            "com.google.protobuf.",
            "dev.tenx.common.wire.proto.");

    /** The project's codecs: each encodes or decodes records or messages, and does nothing else. */
    private static final Set<String> CODEC_TYPES = Set.of(
            "dev.tenx.common.wire.JsonCodec",
            "dev.tenx.common.wire.ProtobufCodec",
            "dev.tenx.common.wire.ProtobufReader",
            "dev.tenx.common.wire.ProtobufRecords",
            "dev.tenx.common.wire.StrictProto",
            "dev.tenx.batching.LogRecordList",
            "dev.tenx.binary.EncodedRecords",
            "dev.tenx.binary.FetchBuffer");

    private static final Set<String> COPY_METHODS = Set.of(
            "java.lang.System.arraycopy",
            "java.util.Arrays.copyOf",
            "java.util.Arrays.copyOfRange",
            "jdk.internal.misc.Unsafe.copyMemory",
            "jdk.internal.misc.Unsafe.copyMemory0",
            "jdk.internal.misc.Unsafe.copySwapMemory0",
            "jdk.internal.misc.ScopedMemoryAccess.copyMemory",
            "jdk.internal.misc.ScopedMemoryAccess.copyMemoryInternal",
            "java.nio.ByteBuffer.put",
            "java.nio.ByteBuffer.get",
            "java.nio.ByteBuffer.putBuffer",
            "java.nio.HeapByteBuffer.put",
            "java.nio.HeapByteBuffer.get",
            "java.nio.DirectByteBuffer.put",
            "java.nio.DirectByteBuffer.get",
            "io.netty.util.internal.PlatformDependent.copyMemory",
            "io.netty.util.internal.PlatformDependent0.copyMemory",
            "io.netty.buffer.UnsafeByteBufUtil.getBytes",
            "io.netty.buffer.UnsafeByteBufUtil.setBytes",
            "io.netty.buffer.ByteBufUtil.getBytes");

    /** Netty's buffers: their bulk byte transfers are copies whichever subclass makes them. */
    private static final Set<String> NETTY_BUFFER_COPIES = Set.of("getBytes", "setBytes", "writeBytes", "readBytes");

    private static final Set<String> SOCKET_TYPES = Set.of(
            "sun.nio.ch.SocketChannelImpl",
            "sun.nio.ch.SocketDispatcher",
            "sun.nio.ch.NioSocketImpl",
            "sun.nio.ch.ServerSocketChannelImpl",
            "io.netty.channel.unix.Socket",
            "io.netty.channel.unix.FileDescriptor");

    private static final Set<String> FILE_TYPES = Set.of(
            "sun.nio.ch.FileChannelImpl",
            "java.io.RandomAccessFile",
            "java.io.FileOutputStream",
            "java.io.FileInputStream");

    /** The runner's lifeline: the thread that waits for standard input to close, in each child JVM. */
    private static final String BROKER_LIFELINE = "dev.tenx.common.process.BrokerMain.awaitEndOfInput";
    private static final String CLIENT_LIFELINE_TYPE = "dev.tenx.workshop.ClientMain";
    private static final String CLIENT_LIFELINE_METHOD = "lambda$exitWhenTheRunnerGoes";
    private static final String DELAY_PROXY = "dev.tenx.workshop.DelayProxy";

    private StackClassifier() {}

    /** The category of a stack given innermost frame first, as JFR records it. An empty stack is {@link Category#OTHER}. */
    public static Category classify(List<Frame> frames) {
        if (frames.isEmpty()) {
            return Category.OTHER;
        }
        if (IDLE_WAITS.contains(frames.get(0).toString())) {
            return Category.WAITING;
        }
        if (frames.stream().anyMatch(f -> FSYNC.contains(f.toString()))) {
            return Category.FSYNC;
        }
        if (frames.stream().anyMatch(StackClassifier::isCodec)) {
            return Category.ENCODE_DECODE;
        }
        if (frames.stream().limit(COPY_DEPTH).anyMatch(StackClassifier::isCopy)) {
            return Category.COPYING;
        }
        if (frames.stream().anyMatch(StackClassifier::isNetwork)) {
            return Category.NETWORK_IO;
        }
        if (frames.stream().anyMatch(f -> FILE_TYPES.contains(f.type()))) {
            return Category.FILE_IO;
        }
        return Category.OTHER;
    }

    /**
     * Whether this stack is the runner's lifeline in a child JVM (BrokerMain's main thread,
     * ClientMain's watcher), blocked in a read of standard input for the whole run. Its samples
     * are the sampler's clock ({@link ProfileReader}), not the process's work.
     */
    public static boolean isLifeline(List<Frame> frames) {
        return frames.stream().anyMatch(f -> f.toString().equals(BROKER_LIFELINE)
                || f.type().equals(CLIENT_LIFELINE_TYPE) && f.method().startsWith(CLIENT_LIFELINE_METHOD));
    }

    /** Whether this stack is the delay proxy's, which the client's figures leave out, as its costs are. */
    public static boolean isDelayProxy(List<Frame> frames) {
        return frames.stream().anyMatch(f -> f.type().startsWith(DELAY_PROXY));
    }

    private static boolean isCodec(Frame f) {
        return CODEC_TYPES.contains(f.type()) || CODEC_PACKAGES.stream().anyMatch(f::inPackage);
    }

    private static boolean isCopy(Frame f) {
        return COPY_METHODS.contains(f.toString())
                || f.inPackage("io.netty.buffer.") && NETTY_BUFFER_COPIES.contains(f.method());
    }

    private static boolean isNetwork(Frame f) {
        return SOCKET_TYPES.contains(f.type()) || f.type().startsWith("java.net.Socket")
                || f.type().equals("sun.nio.ch.FileChannelImpl") && f.method().startsWith("transferTo");
    }
}
