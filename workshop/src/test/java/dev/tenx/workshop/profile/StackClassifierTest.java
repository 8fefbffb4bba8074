package dev.tenx.workshop.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The classifier on stacks written the way JFR records them (innermost frame first), one per
 * rule and one per tie the class javadoc settles. The frames are those the stages' samples show
 * (see the top methods of a profiled run), trimmed.
 */
class StackClassifierTest {

    private static final String[] EVENT_LOOP = {
            "io.netty.channel.nio.NioEventLoop.run",
            "io.netty.util.concurrent.SingleThreadEventExecutor$4.run",
            "java.lang.Thread.run"};

    private static List<Frame> stack(String... innermostFirst) {
        return Arrays.stream(innermostFirst).map(Frame::parse).toList();
    }

    private static String[] onEventLoop(String... innermostFirst) {
        String[] all = Arrays.copyOf(innermostFirst, innermostFirst.length + EVENT_LOOP.length);
        System.arraycopy(EVENT_LOOP, 0, all, innermostFirst.length, EVENT_LOOP.length);
        return all;
    }

    private static Category classify(String... innermostFirst) {
        return StackClassifier.classify(stack(innermostFirst));
    }

    @Test
    void anIdleEventLoopIsWaiting() {
        assertThat(classify(onEventLoop("sun.nio.ch.EPoll.wait", "sun.nio.ch.EPollSelectorImpl.doSelect",
                "sun.nio.ch.SelectorImpl.lockAndDoSelect", "sun.nio.ch.SelectorImpl.select",
                "io.netty.channel.nio.NioIoHandler.select"))).isEqualTo(Category.WAITING);
    }

    @Test
    void aBlockingSocketWaitingForBytesOrAConnectionIsWaitingNotNetworkIo() {
        assertThat(classify("sun.nio.ch.Net.poll", "sun.nio.ch.NioSocketImpl.park", "sun.nio.ch.NioSocketImpl.timedRead",
                "sun.nio.ch.NioSocketImpl.read", "java.net.Socket$SocketInputStream.read", "java.io.BufferedInputStream.fill"))
                .isEqualTo(Category.WAITING);
        assertThat(classify("sun.nio.ch.Net.accept", "sun.nio.ch.NioSocketImpl.accept", "java.net.ServerSocket.implAccept",
                "java.net.ServerSocket.accept")).isEqualTo(Category.WAITING);
    }

    @Test
    void aWaitBelowTheInnermostFrameIsNotWaiting() {
        assertThat(classify(onEventLoop("sun.nio.ch.SelectorImpl.processReadyEvents", "sun.nio.ch.EPollSelectorImpl.processEvents",
                "sun.nio.ch.EPollSelectorImpl.doSelect"))).isEqualTo(Category.OTHER);
    }

    @Test
    void forceIsFsyncWhereverItIsCalledFrom() {
        assertThat(classify(onEventLoop("sun.nio.ch.FileDispatcherImpl.force0", "sun.nio.ch.FileDispatcherImpl.force",
                "sun.nio.ch.FileChannelImpl.force", "dev.tenx.naive.PageStore.appendDurably"))).isEqualTo(Category.FSYNC);
        assertThat(classify("sun.nio.ch.FileDispatcherImpl.force0", "sun.nio.ch.FileChannelImpl.force",
                "dev.tenx.sequential.GroupCommit.run", "java.lang.Thread.run")).isEqualTo(Category.FSYNC);
    }

    @Test
    void jacksonProtobufAndTheProjectsCodecsAreEncodeDecode() {
        assertThat(classify(onEventLoop("com.fasterxml.jackson.core.json.UTF8StreamJsonParser.nextToken",
                "com.fasterxml.jackson.databind.deser.BeanDeserializer.deserialize",
                "dev.tenx.common.wire.JsonCodec.decode"))).isEqualTo(Category.ENCODE_DECODE);
        assertThat(classify(onEventLoop("com.google.protobuf.CodedInputStream$ArrayDecoder.readTag",
                "dev.tenx.common.wire.proto.ProduceRequest.<init>"))).isEqualTo(Category.ENCODE_DECODE);
        assertThat(classify(onEventLoop("dev.tenx.common.wire.ProtobufReader.varint",
                "dev.tenx.common.wire.ProtobufRecords.validate", "dev.tenx.common.broker.ProduceHandler.handle")))
                .isEqualTo(Category.ENCODE_DECODE);
        assertThat(classify("dev.tenx.binary.EncodedRecords.append", "dev.tenx.batching.RecordAccumulator.append",
                "dev.tenx.batching.BatchingProducer.send")).isEqualTo(Category.ENCODE_DECODE);
    }

    @Test
    void aCopyInsideACodecIsTheCodecs() {
        assertThat(classify("java.lang.System.arraycopy", "com.fasterxml.jackson.core.util.ByteArrayBuilder.write",
                "com.fasterxml.jackson.core.json.UTF8JsonGenerator._writeBinary", "dev.tenx.common.wire.JsonCodec.encode"))
                .isEqualTo(Category.ENCODE_DECODE);
    }

    @Test
    void aCopyAtTheTopOfTheStackIsCopying() {
        assertThat(classify("java.util.Arrays.copyOfRange", "dev.tenx.naive.PageStore.read")).isEqualTo(Category.COPYING);
        assertThat(classify(onEventLoop("jdk.internal.misc.Unsafe.copyMemory0", "jdk.internal.misc.Unsafe.copyMemory",
                "io.netty.util.internal.PlatformDependent0.copyMemory", "io.netty.buffer.UnsafeByteBufUtil.setBytes",
                "io.netty.buffer.PooledUnsafeDirectByteBuf.setBytes", "io.netty.buffer.AbstractByteBuf.writeBytes",
                "io.netty.handler.codec.ByteToMessageDecoder$1.cumulate"))).isEqualTo(Category.COPYING);
    }

    @Test
    void theCopyOfAHeapBufferIntoADirectOneBeforeAWriteIsCopyingNotNetworkIo() {
        assertThat(classify(onEventLoop("jdk.internal.misc.Unsafe.copyMemory0", "jdk.internal.misc.ScopedMemoryAccess.copyMemory",
                "java.nio.DirectByteBuffer.put", "sun.nio.ch.IOUtil.write", "sun.nio.ch.SocketChannelImpl.write",
                "io.netty.channel.socket.nio.NioSocketChannel.doWrite"))).isEqualTo(Category.COPYING);
    }

    @Test
    void theBoundsChecksACopyCallsAreTheCopyHoweverDeepTheJdksGo() {
        assertThat(classify("jdk.internal.misc.Unsafe.checkOffset", "jdk.internal.misc.Unsafe.checkPointer",
                "jdk.internal.misc.Unsafe.checkPrimitivePointer", "jdk.internal.misc.Unsafe.copyMemoryChecks",
                "jdk.internal.misc.Unsafe.copyMemory", "jdk.internal.misc.ScopedMemoryAccess.copyMemoryInternal",
                "jdk.internal.misc.ScopedMemoryAccess.copyMemory", "java.nio.ByteBuffer.putBuffer", "java.nio.ByteBuffer.put",
                "sun.nio.ch.IOUtil.write", "sun.nio.ch.FileChannelImpl.writeInternal", "sun.nio.ch.FileChannelImpl.write",
                "dev.tenx.naive.PageStore.writeFully")).isEqualTo(Category.COPYING);
        assertThat(classify("io.netty.buffer.AbstractByteBuf.checkIndex0", "io.netty.buffer.AbstractByteBuf.checkIndex",
                "io.netty.buffer.UnpooledHeapByteBuf.getBytes", "dev.tenx.sequential.LogReader.read"))
                .as("two of Netty's checks above its copy").isEqualTo(Category.COPYING);
    }

    @Test
    void aTransferWithMoreOfNettysOwnWorkAboveItThanTheCopyDepthIsNotCopying() {
        assertThat(StackClassifier.COPY_DEPTH).isEqualTo(2);
        assertThat(classify("io.netty.buffer.AbstractByteBuf.ensureAccessible", "io.netty.buffer.AbstractByteBuf.checkIndex0",
                "io.netty.buffer.AbstractByteBuf.checkIndex", "io.netty.buffer.UnpooledHeapByteBuf.getBytes",
                "dev.tenx.sequential.LogReader.read")).as("three of Netty's frames above its copy").isEqualTo(Category.OTHER);
        assertThat(classify(onEventLoop("io.netty.buffer.PoolThreadCache.add", "io.netty.buffer.PoolArena.free",
                "io.netty.buffer.PoolArena.reallocate", "io.netty.buffer.PooledByteBuf.capacity",
                "io.netty.buffer.AbstractByteBuf.ensureWritable", "io.netty.buffer.AbstractByteBuf.writeBytes",
                "io.netty.handler.codec.ByteToMessageDecoder$1.cumulate"))).isEqualTo(Category.OTHER);
    }

    @Test
    void socketCallsAreNetworkIo() {
        assertThat(classify(onEventLoop("sun.nio.ch.FileDispatcherImpl.write0", "sun.nio.ch.SocketDispatcher.write",
                "sun.nio.ch.IOUtil.writeFromNativeBuffer", "sun.nio.ch.IOUtil.write", "sun.nio.ch.SocketChannelImpl.write",
                "io.netty.channel.socket.nio.NioSocketChannel.doWrite"))).isEqualTo(Category.NETWORK_IO);
        assertThat(classify(onEventLoop("sun.nio.ch.FileDispatcherImpl.read0", "sun.nio.ch.SocketDispatcher.read",
                "sun.nio.ch.IOUtil.read", "sun.nio.ch.SocketChannelImpl.read", "io.netty.buffer.PooledByteBuf.setBytes",
                "io.netty.buffer.AbstractByteBuf.writeBytes", "io.netty.channel.socket.nio.NioSocketChannel.doReadBytes")))
                .as("Netty's writeBytes(channel) is a socket read, and a copy only within the copy depth")
                .isEqualTo(Category.NETWORK_IO);
    }

    @Test
    void sendfileIsNetworkIoAlthoughItReadsAFile() {
        assertThat(classify(onEventLoop("sun.nio.ch.FileChannelImpl.transferTo0",
                "sun.nio.ch.FileChannelImpl.transferToDirectlyInternal", "sun.nio.ch.FileChannelImpl.transferTo",
                "io.netty.channel.DefaultFileRegion.transferTo"))).isEqualTo(Category.NETWORK_IO);
    }

    @Test
    void fileReadsAndWritesAreFileIo() {
        assertThat(classify(onEventLoop("sun.nio.ch.FileDispatcherImpl.pwrite0", "sun.nio.ch.FileDispatcherImpl.pwrite",
                "sun.nio.ch.IOUtil.write", "sun.nio.ch.FileChannelImpl.writeInternal", "sun.nio.ch.FileChannelImpl.write",
                "dev.tenx.naive.PageStore.writePage"))).isEqualTo(Category.FILE_IO);
        assertThat(classify(onEventLoop("sun.nio.ch.FileDispatcherImpl.pread0", "sun.nio.ch.IOUtil.read",
                "sun.nio.ch.FileChannelImpl.readInternal", "sun.nio.ch.FileChannelImpl.read",
                "dev.tenx.sequential.LogReader.read"))).isEqualTo(Category.FILE_IO);
    }

    /** Stage 3's store: the protobuf scan calls the store back once per record, and the store writes the record there. */
    private static final String[] STORE_VISITED_BY_THE_SCAN = onEventLoop(
            "dev.tenx.naive.PageStore$$Lambda$160+0x00007fb56c195c40.visit",
            "dev.tenx.common.wire.ProtobufRecords$$Lambda$161+0x00007fb56c196068.visit",
            "dev.tenx.common.wire.ProtobufRecords.scanEach", "dev.tenx.common.wire.ProtobufRecords.forEach",
            "dev.tenx.common.wire.ProtobufCodec.forEachRecord", "dev.tenx.common.wire.RecordBatch.forEachRecord",
            "dev.tenx.naive.PageStore.appendDurably", "dev.tenx.naive.PageStore.append",
            "dev.tenx.common.broker.RequestHandler.produce", "io.netty.handler.codec.ByteToMessageDecoder.channelRead");

    private static String[] inTheScansCallback(String... innermostFirst) {
        String[] all = Arrays.copyOf(innermostFirst, innermostFirst.length + STORE_VISITED_BY_THE_SCAN.length);
        System.arraycopy(STORE_VISITED_BY_THE_SCAN, 0, all, innermostFirst.length, STORE_VISITED_BY_THE_SCAN.length);
        return all;
    }

    @Test
    void aWriteMadeFromACodecsCallbackIsFileIoNotTheCodecs() {
        assertThat(classify(inTheScansCallback("sun.nio.ch.FileDispatcherImpl.pwrite0", "sun.nio.ch.FileDispatcherImpl.pwrite",
                "sun.nio.ch.IOUtil.writeFromNativeBuffer", "sun.nio.ch.IOUtil.write", "sun.nio.ch.FileChannelImpl.writeInternal",
                "sun.nio.ch.FileChannelImpl.write", "dev.tenx.naive.PageStore.writeFully", "dev.tenx.naive.PageStore.writeRecord")))
                .isEqualTo(Category.FILE_IO);
    }

    @Test
    void aCallbacksOwnWorkIsTheCallbacksAndItsForceIsFsync() {
        assertThat(classify(inTheScansCallback("java.util.zip.CRC32C.updateBytes", "java.util.zip.CRC32C.update",
                "dev.tenx.naive.PageStore.recordCrc", "dev.tenx.naive.PageStore.writeRecord"))).isEqualTo(Category.OTHER);
        assertThat(classify(inTheScansCallback("sun.nio.ch.FileDispatcherImpl.force0", "sun.nio.ch.FileChannelImpl.force",
                "dev.tenx.naive.PageStore.force", "dev.tenx.naive.PageStore.writeRecord"))).isEqualTo(Category.FSYNC);
    }

    @Test
    void aCopyACallbackAsksTheCodecsViewForIsCopying() {
        assertThat(classify(inTheScansCallback("java.lang.Class.getComponentType", "jdk.internal.misc.Unsafe.checkPrimitiveArray",
                "jdk.internal.misc.Unsafe.checkPrimitivePointer", "jdk.internal.misc.Unsafe.copyMemoryChecks",
                "jdk.internal.misc.Unsafe.copyMemory", "sun.misc.Unsafe.copyMemory",
                "io.netty.util.internal.PlatformDependent0.copyMemory", "io.netty.util.internal.PlatformDependent.copyMemory",
                "io.netty.buffer.UnsafeByteBufUtil.getBytes", "io.netty.buffer.UnpooledUnsafeDirectByteBuf.getBytes",
                "io.netty.buffer.AbstractUnpooledSlicedByteBuf.getBytes", "dev.tenx.common.wire.ProtobufRecords$ScannedRecord.copy",
                "dev.tenx.common.wire.ProtobufRecords$ScannedRecord.copyValueTo", "dev.tenx.naive.PageStore.pageOf",
                "dev.tenx.naive.PageStore.writeRecord"))).isEqualTo(Category.COPYING);
        assertThat(classify("java.lang.System.arraycopy", "dev.tenx.common.wire.ProtobufRecords$ScannedRecord.toLogRecord",
                "dev.tenx.common.wire.ProtobufRecords.lambda$decode$0", "dev.tenx.common.wire.ProtobufRecords.scanEach"))
                .as("the copy the view makes for the codec's own decode is the codec's").isEqualTo(Category.ENCODE_DECODE);
    }

    @Test
    void aCodecCalledFromANettyReadLoopIsEncodeDecodeAndSoAreTheBufferReadsAndConstructorsItCalls() {
        String[] readLoop = onEventLoop("io.netty.handler.codec.ByteToMessageDecoder.channelRead",
                "io.netty.channel.DefaultChannelPipeline.fireChannelRead", "io.netty.channel.nio.AbstractNioByteChannel$NioByteUnsafe.read");
        String[] scan = {"dev.tenx.common.wire.ProtobufRecords$ScannedRecord.scan", "dev.tenx.common.wire.ProtobufRecords.scanEach",
                "dev.tenx.common.wire.ProtobufRecords.validate", "dev.tenx.common.wire.ProtobufCodec.decodeProduceRequest",
                "dev.tenx.common.broker.RequestHandler.produce"};
        assertThat(classify(concat(scan, readLoop))).isEqualTo(Category.ENCODE_DECODE);
        assertThat(classify(concat(new String[] {"io.netty.buffer.AbstractByteBuf._getByte", "io.netty.buffer.AbstractByteBuf.getByte",
                "dev.tenx.common.wire.ProtobufReader.readVarint64"}, scan, readLoop))).isEqualTo(Category.ENCODE_DECODE);
        assertThat(classify(concat(new String[] {"java.util.Objects.requireNonNull", "dev.tenx.common.wire.RecordBatch.<init>",
                "dev.tenx.common.wire.ProtobufCodec.batchFrom"}, scan, readLoop))).isEqualTo(Category.ENCODE_DECODE);
        assertThat(classify("java.util.Objects.requireNonNull", "dev.tenx.common.wire.LogRecord.<init>",
                "jdk.internal.reflect.GeneratedConstructorAccessor13.newInstance", "java.lang.reflect.Constructor.newInstance",
                "com.fasterxml.jackson.databind.introspect.AnnotatedConstructor.call",
                "com.fasterxml.jackson.databind.deser.BeanDeserializer._deserializeUsingPropertyBased",
                "dev.tenx.common.wire.JsonCodec.decodeRecords")).isEqualTo(Category.ENCODE_DECODE);
    }

    @Test
    void aSocketReadACodecMakesIsNetworkIo() {
        assertThat(classify("sun.nio.ch.SocketDispatcher.read0", "sun.nio.ch.SocketDispatcher.read", "sun.nio.ch.NioSocketImpl.tryRead",
                "sun.nio.ch.NioSocketImpl.implRead", "sun.nio.ch.NioSocketImpl.read", "java.net.Socket$SocketInputStream.read",
                "com.fasterxml.jackson.core.json.UTF8StreamJsonParser._loadMore",
                "com.fasterxml.jackson.core.json.UTF8StreamJsonParser.nextToken", "dev.tenx.common.wire.JsonCodec.decode"))
                .isEqualTo(Category.NETWORK_IO);
    }

    private static String[] concat(String[]... parts) {
        return Arrays.stream(parts).flatMap(Arrays::stream).toArray(String[]::new);
    }

    @Test
    void theRestIsOther() {
        assertThat(classify(onEventLoop("java.util.zip.CRC32C.updateBytes", "dev.tenx.sequential.BatchDescriptor.header")))
                .isEqualTo(Category.OTHER);
        assertThat(StackClassifier.classify(List.of())).isEqualTo(Category.OTHER);
    }

    @Test
    void theLifelinesAreRecognisedInBothChildJvms() {
        assertThat(StackClassifier.isLifeline(stack("java.io.FileInputStream.readBytes", "java.io.FileInputStream.read",
                "dev.tenx.common.process.BrokerMain.awaitEndOfInput", "dev.tenx.common.process.BrokerMain.main"))).isTrue();
        assertThat(StackClassifier.isLifeline(stack("java.io.FileInputStream.readBytes", "java.io.FileInputStream.read",
                "dev.tenx.workshop.ClientMain.lambda$exitWhenTheRunnerGoes$1", "java.lang.Thread.run"))).isTrue();
        assertThat(StackClassifier.isLifeline(stack(onEventLoop("sun.nio.ch.EPoll.wait")))).isFalse();
    }

    @Test
    void theDelayProxysThreadsAreRecognised() {
        assertThat(StackClassifier.isDelayProxy(stack("sun.nio.ch.SocketChannelImpl.read",
                "dev.tenx.workshop.DelayProxy$Direction.readLoop", "java.lang.Thread.run"))).isTrue();
        assertThat(StackClassifier.isDelayProxy(stack("sun.nio.ch.SocketChannelImpl.read",
                "dev.tenx.common.wire.BlockingClient.read"))).isFalse();
    }

    @Test
    void aFrameNeedsAClassAndAMethod() {
        assertThat(Frame.parse("java.lang.System.arraycopy")).isEqualTo(new Frame("java.lang.System", "arraycopy"));
        assertThatThrownBy(() -> Frame.parse("arraycopy")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("frame=arraycopy");
    }
}
