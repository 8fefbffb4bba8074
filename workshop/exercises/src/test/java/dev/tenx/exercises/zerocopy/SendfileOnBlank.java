package dev.tenx.exercises.zerocopy;

import dev.tenx.common.broker.FetchResult;
import dev.tenx.common.broker.ResponseWriter;
import dev.tenx.common.wire.ApiKey;
import dev.tenx.common.wire.Message;
import dev.tenx.common.wire.MessageCodec;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;

/**
 * Exercise 5's tests on a blank response writer, which writes nothing and returns null:
 * {@code ExercisesFailOnBlankTest} runs them and requires every one to fail. Not a test class of
 * its own: its name is not one the build runs.
 */
public final class SendfileOnBlank extends SendfileExerciseContract {

    @Override
    protected ResponseWriter newWriter() {
        return new ResponseWriter() {
            @Override
            public ChannelFuture write(ChannelHandlerContext ctx, MessageCodec codec, ApiKey apiKey,
                                       int correlationId, Message response) {
                return null;
            }

            @Override
            public ChannelFuture writeFetch(ChannelHandlerContext ctx, MessageCodec codec, int correlationId,
                                            FetchResult result) {
                return null;
            }
        };
    }
}
