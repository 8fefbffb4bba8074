package dev.tenx.workshop.profile;

import java.util.List;
import java.util.Set;

/**
 * Puts one sampled stack into one {@link Category}, by its frames. The rules are tried in this
 * order and the first that matches decides, which is also how a stack that fits two categories
 * is settled.
 *
 * <ol>
 *   <li><b>waiting</b>: the innermost frame is an idle wait (epoll with nothing ready, a blocking
 *       socket's poll for bytes or for a connection, park, {@code Object.wait}, sleep). Only the
 *       innermost frame counts: an event loop that is doing work has its wait far down the stack,
 *       not at the top.</li>
 *   <li><b>fsync</b>: a frame anywhere is {@code FileChannel.force} or below it. Nothing that
 *       forces is anything else.</li>
 * </ol>
 *
 * The other rules read the sample's <em>owner</em>: going out from the innermost frame, the first
 * that is an I/O call (a socket's, a file channel's, a file stream's) or code that works for
 * itself. Code that works for whoever called it is passed over: the JDK's, Netty's buffers and
 * utilities, constructors (a codec that builds a record owns its constructor's time), and a
 * record view's copies ({@code copyKeyTo}, {@code copyValueTo}: a store asks a codec's view for
 * them as it asks a buffer for its bytes). So the innermost owner decides, not a codec further
 * down the stack: stage 3's store writes each record from inside the protobuf scan's visitor
 * callback, and that {@code write(2)} is file I/O and the callback's own work is the store's,
 * not decoding.
 *
 * <ol start="3">
 *   <li><b>encode/decode</b>: the owner is a codec's (Jackson, protobuf, the generated wire
 *       classes, the project's codecs and the classes nested in them). What a codec calls in the
 *       JDK and in Netty's buffers is the codec's, copies included (Jackson's buffers, protobuf's
 *       byte strings): a binary encoding removes them with the codec, not a zero-copy path.</li>
 *   <li><b>copying</b>: between the owner and the top of the stack lies a copy routine (arraycopy,
 *       {@code Arrays.copyOf}, {@code Unsafe.copyMemory}, a bulk buffer put or get, Netty's byte
 *       copies) with at most {@value #COPY_DEPTH} frames above it that are not the JDK's. So the
 *       bounds checks a copy calls are the copy's, the Unsafe's however deep and Netty's; a transfer
 *       with more of Netty's own work above it (its allocator growing the buffer) is not a copy. A copy
 *       inside an I/O call is a copy, not I/O: the JDK's copy of a heap buffer into a temporary
 *       direct one before {@code write(2)} is exactly what fewer copies removes.</li>
 *   <li><b>network I/O</b>: the owner is a socket's (NIO or Netty's native transport), or
 *       {@code FileChannel.transferTo}: sendfile reads a file but sends to a socket, and what it
 *       saves is on the network side.</li>
 *   <li><b>file I/O</b>: the owner is a file channel's or a file stream's: writes and reads
 *       (replay reads the log).</li>
 *   <li><b>other</b>: the rest, and a stack whose every frame works for its caller.</li>
 * </ol>
 *
 * {@link Category#GC} never comes from a stack: see {@link ProfileReader}.
 *
 * <p>Limits: a JIT intrinsic (arraycopy, CRC32C) runs as a stub without a frame of its own, so
 * its samples land on the method that called it; a copy inlined into an unlisted method is that
 * method's. Stateless; thread-safe.
 */
public final class StackClassifier {

    /** The JDK's packages: its frames work for whoever called them, unless they are an I/O call. */
    static final List<String> JDK_PACKAGES = List.of("java.", "javax.", "jdk.", "sun.");

    /**
     * How many frames outside the JDK may lie above the copy routine that makes a sample a copy
     * (Netty's bounds checks); the JDK's frames there, the Unsafe's checks, are not counted.
     */
    static final int COPY_DEPTH = 2;

    private static final String CONSTRUCTOR = "<init>";

    private static final Set<String> IDLE_WAITS = Set.of(
            "sun.nio.ch.EPoll.wait",
            "sun.nio.ch.Net.poll",
            "sun.nio.ch.Net.accept",
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

    /** Netty's buffers and utilities: a codec's buffer reads are the codec's, a store's buffer copy the store's. */
    private static final List<String> NETTY_HELPERS = List.of("io.netty.buffer.", "io.netty.util.");

    /**
     * A record view's copies, which a store asks for as it asks a buffer for its bytes: the copy
     * is the store's, though the view is a codec's class. The view's scan is the codec's.
     */
    private static final Set<String> VIEW_COPIES = Set.of(
            "dev.tenx.common.wire.ProtobufRecords$ScannedRecord.copyKeyTo",
            "dev.tenx.common.wire.ProtobufRecords$ScannedRecord.copyValueTo",
            "dev.tenx.common.wire.ProtobufRecords$ScannedRecord.copy");

    /** The project's codecs, and the classes nested in them: each encodes or decodes records or messages, and does nothing else. */
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
        int owner = owner(frames);
        Frame ownerFrame = owner < frames.size() ? frames.get(owner) : null;
        if (ownerFrame != null && isCodec(ownerFrame)) {
            return Category.ENCODE_DECODE;
        }
        if (isCopying(frames, owner)) {
            return Category.COPYING;
        }
        if (ownerFrame != null && isNetwork(ownerFrame)) {
            return Category.NETWORK_IO;
        }
        if (ownerFrame != null && isFile(ownerFrame)) {
            return Category.FILE_IO;
        }
        return Category.OTHER;
    }

    /**
     * The index of the owner (see the class comment): the innermost frame that is an I/O call or
     * works for itself; {@code frames.size()} when every frame works for its caller.
     */
    private static int owner(List<Frame> frames) {
        for (int i = 0; i < frames.size(); i++) {
            Frame f = frames.get(i);
            if (isNetwork(f) || isFile(f) || !worksForItsCaller(f)) {
                return i;
            }
        }
        return frames.size();
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

    /** Whether a copy routine lies above the owner, with at most {@code COPY_DEPTH} frames outside the JDK above it. */
    private static boolean isCopying(List<Frame> frames, int owner) {
        int outsideTheJdk = 0;
        for (int i = 0; i < owner && outsideTheJdk <= COPY_DEPTH; i++) {
            Frame f = frames.get(i);
            if (isCopy(f)) {
                return true;
            }
            if (!isJdk(f)) {
                outsideTheJdk++;
            }
        }
        return false;
    }

    private static boolean worksForItsCaller(Frame f) {
        return isJdk(f) || NETTY_HELPERS.stream().anyMatch(f::inPackage) || f.method().equals(CONSTRUCTOR)
                || VIEW_COPIES.contains(f.toString());
    }

    private static boolean isJdk(Frame f) {
        return JDK_PACKAGES.stream().anyMatch(f::inPackage);
    }

    private static boolean isCodec(Frame f) {
        return CODEC_TYPES.contains(f.outerType()) || CODEC_PACKAGES.stream().anyMatch(f::inPackage);
    }

    private static boolean isCopy(Frame f) {
        return COPY_METHODS.contains(f.toString())
                || f.inPackage("io.netty.buffer.") && NETTY_BUFFER_COPIES.contains(f.method());
    }

    private static boolean isFile(Frame f) {
        return FILE_TYPES.contains(f.type());
    }

    private static boolean isNetwork(Frame f) {
        return SOCKET_TYPES.contains(f.type()) || f.type().startsWith("java.net.Socket")
                || f.type().equals("sun.nio.ch.FileChannelImpl") && f.method().startsWith("transferTo");
    }
}
