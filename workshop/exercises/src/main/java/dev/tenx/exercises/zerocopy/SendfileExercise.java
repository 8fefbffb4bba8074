package dev.tenx.exercises.zerocopy;

import dev.tenx.common.broker.FetchResult;
import dev.tenx.common.broker.ResponseWriter;
import dev.tenx.common.wire.ApiKey;
import dev.tenx.common.wire.Message;
import dev.tenx.common.wire.MessageCodec;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;

/**
 * Exercise 5, zero-copy: the sendfile branch of the broker's fetch response. The log stores a
 * batch as the bytes that arrived, so a fetch can hand the socket a range of the segment file and
 * let the kernel send it (sendfile), the records never entering the JVM; where that cannot work,
 * the records are read into memory and copied behind the envelope. Write {@link #writeFetch} so
 * that {@code SendfileExerciseTest} passes.
 *
 * <p>The rules:
 * <ul>
 *   <li>When the codec's fetch body is its envelope followed by the records as stored
 *       ({@code codec.recordsFollowEnvelope()}) and the connection is not encrypted (no
 *       {@code SslHandler} in {@code ctx.pipeline()}), write two messages: first one buffer with
 *       the frame header and the envelope, its Length counting the records that follow; then the
 *       records as they lie. A file range ({@code result.records().fileRange()}) goes as a
 *       {@code FileRegion} that leaves the log's file open (the stage's {@code StoredRegion} is
 *       one; Netty's {@code DefaultFileRegion} closes its file when released); records in memory
 *       go as the store's own buffer, {@code result.records().records()}, not a copy.
 *   <li>Otherwise (TLS must see every byte to encrypt it; JSON closes an array after the
 *       records) write one frame with the records copied in, as the stages before did:
 *       {@code ResponseWriter.COPY_AND_FLUSH_EACH.writeFetch} does exactly that.
 *   <li>Flush, and own what you are given: every buffer is released or handed to the channel,
 *       which releases what it writes. The tests run under Netty's leak detector.
 * </ul>
 *
 * <p>How: {@code ctx.alloc().buffer(...)}, {@code FrameDescriptor.HEADER_LENGTH},
 * {@code codec.writeFetchEnvelope(...)} and {@code FrameDescriptor.writeHeader(...)} write the
 * first message; {@code ctx.write(...)} then {@code ctx.writeAndFlush(...)} send the two.
 * Change only this file. Run
 * {@code ./mvnw -pl workshop/exercises -am test -Pexercises -Dtest=SendfileExerciseTest}.
 * The stage's own answer, to read once yours passes:
 * {@code stage5-zerocopy/src/main/java/dev/tenx/zerocopy/ZeroCopyResponseWriter.java}.
 *
 * <p>Stateless; called on each connection's event-loop thread.
 */
public final class SendfileExercise implements ResponseWriter {

    /** Not the exercise: every response but a fetch is a few dozen bytes, encoded into one buffer. */
    @Override
    public ChannelFuture write(ChannelHandlerContext ctx, MessageCodec codec, ApiKey apiKey, int correlationId,
                               Message response) {
        return ResponseWriter.COPY_AND_FLUSH_EACH.write(ctx, codec, apiKey, correlationId, response);
    }

    @Override
    public ChannelFuture writeFetch(ChannelHandlerContext ctx, MessageCodec codec, int correlationId,
                                    FetchResult result) {
        throw new UnsupportedOperationException("exercise: writeFetch is not written yet: send "
                + result.records() + " behind the header and envelope, as a file region when it is a file range, "
                + "or copied into one frame under TLS or when the codec (" + codec.encoding()
                + ") cannot send the records as they lie");
    }
}
