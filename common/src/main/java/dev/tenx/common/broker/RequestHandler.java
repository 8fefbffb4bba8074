package dev.tenx.common.broker;

import dev.tenx.common.metrics.BrokerCounters;
import dev.tenx.common.wire.ApiKey;
import dev.tenx.common.wire.Encoding;
import dev.tenx.common.wire.ErrorCode;
import dev.tenx.common.wire.ErrorResponse;
import dev.tenx.common.wire.FetchRequest;
import dev.tenx.common.wire.Frame;
import dev.tenx.common.wire.FrameDescriptor;
import dev.tenx.common.wire.Frames;
import dev.tenx.common.wire.Message;
import dev.tenx.common.wire.ProtocolException;
import dev.tenx.common.wire.RecordBatch;
import dev.tenx.common.wire.StatsRequest;
import dev.tenx.common.wire.StatsResponse;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Serves one connection: decodes each request frame, hands it to the produce or fetch path, and
 * writes the responses in request order, each when it is ready. A produce response is ready when
 * the store has made its records durable, which may be later than a FETCH or STATS behind it on
 * the same connection; those wait their turn, since clients match responses to requests by order.
 * Protocol faults get an ERROR frame, then the connection is closed; other connections never notice.
 *
 * <p>Before writing an acknowledgement it checks the store's durable end itself, and counts
 * {@code acks.before.durable} if the end does not cover the acknowledged records: the durability
 * contract, checked where it is kept, whatever the store and produce path. It also measures what
 * each produce request costs the broker: its frame's bytes and its service time, from the frame's
 * arrival here to its response handed to the socket ({@link BrokerCounters#produceService}).
 *
 * <p>One instance per connection. Every field is touched only on the connection's event-loop
 * thread; completions from the store's threads hop to it before touching {@link #pending}.
 */
final class RequestHandler extends SimpleChannelInboundHandler<Frame> {

    private static final Logger LOG = Logger.getLogger(RequestHandler.class.getName());

    private final BrokerServices broker;
    /** Requests read and not yet answered, in request order. */
    private final ArrayDeque<PendingResponse> pending = new ArrayDeque<>();
    /** Once faulted, the connection only closes: nothing read behind the fault is served. */
    private boolean faulted;

    RequestHandler(BrokerServices broker) {
        super(Frame.class, false); // Frame is not reference-counted; we release its body ourselves
        this.broker = broker;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        broker.counters().connectionsAccepted.increment();
        super.channelActive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
        if (faulted) {
            frame.release();
            return;
        }
        broker.counters().requests.increment();
        long arrivedNanos = broker.nanoTime().getAsLong();
        int frameBytes = FrameDescriptor.frameLength(frame.body().readableBytes());
        PendingResponse response;
        try {
            ApiKey apiKey = checkedApiKey(frame);
            response = new PendingResponse(apiKey, frame.correlationId(), frameBytes, arrivedNanos,
                    handle(apiKey, frame));
        } finally {
            frame.release();
        }
        pending.add(response);
        response.result.whenComplete((result, failure) -> {
            if (ctx.executor().inEventLoop()) {
                drain(ctx);
            } else {
                ctx.executor().execute(() -> drain(ctx));
            }
        });
    }

    private CompletableFuture<?> handle(ApiKey apiKey, Frame frame) {
        switch (apiKey) {
            case PRODUCE:
                return produce(frame);
            case FETCH:
                return CompletableFuture.completedFuture(broker.fetch().fetch(decode(frame, FetchRequest.class)));
            case STATS:
                decode(frame, StatsRequest.class);
                return CompletableFuture.completedFuture(new StatsResponse(broker.counters().snapshot()));
            default:
                throw new IllegalStateException("checkedApiKey let through apiKey=" + apiKey);
        }
    }

    private CompletableFuture<ProduceResult> produce(Frame frame) {
        broker.counters().produceRequestBytes.add(FrameDescriptor.frameLength(frame.body().readableBytes()));
        RecordBatch batch;
        try {
            batch = broker.codec().decodeProduceRequest(frame.body());
        } catch (ProtocolException e) {
            throw withCorrelationId(e, frame);
        }
        try {
            ProduceResult refused = broker.limits().check(batch);
            if (refused != null) {
                return CompletableFuture.completedFuture(refused);
            }
            return broker.produce().produce(batch).toCompletableFuture();
        } finally {
            batch.release();
        }
    }

    /**
     * Writes every response at the head of the queue that is ready; stops at the first that is
     * not. Each answered request is announced from the head of the pipeline ({@link RequestAnswered}),
     * for an {@link Admission} that counts what requests hold.
     */
    private void drain(ChannelHandlerContext ctx) {
        while (!pending.isEmpty() && pending.peek().result.isDone()) {
            PendingResponse response = pending.poll();
            if (faulted) {
                response.discard();
            } else {
                write(ctx, response);
            }
            ctx.pipeline().fireUserEventTriggered(new RequestAnswered(response.apiKey, response.requestFrameBytes));
        }
    }

    private void write(ChannelHandlerContext ctx, PendingResponse response) {
        Object result;
        try {
            result = response.result.join();
        } catch (CompletionException | CancellationException failure) {
            LOG.log(Level.SEVERE, "unexpected fault answering " + response.apiKey + "; closing " + ctx.channel(), failure);
            faulted = true;
            ctx.close();
            return;
        }
        if (result instanceof FetchResult fetch) {
            broker.responses().writeFetch(ctx, broker.codec(), response.correlationId, fetch);
        } else if (result instanceof ProduceResult produce) {
            checkDurable(produce);
            broker.responses().write(ctx, broker.codec(), ApiKey.PRODUCE, response.correlationId, produce.response());
            // W, the broker's time per request: what the pipelining bound (RTT + W) / W divides by.
            broker.counters().produceService.record(broker.nanoTime().getAsLong() - response.arrivedNanos);
        } else {
            broker.responses().write(ctx, broker.codec(), response.apiKey, response.correlationId, (Message) result);
        }
    }

    private void checkDurable(ProduceResult produce) {
        long durableEnd = broker.store().durableEnd();
        if (produce.isAcknowledgement() && durableEnd < produce.endOffset()) {
            broker.counters().acksBeforeDurable.increment();
            LOG.severe("acknowledging records up to endOffset=" + produce.endOffset() + " while the store's durableEnd="
                    + durableEnd + ": the durability contract is broken");
        }
    }

    private ApiKey checkedApiKey(Frame frame) {
        Encoding encoding = frame.encoding();
        if (encoding != broker.codec().encoding()) {
            throw new ProtocolException(ErrorCode.UNSUPPORTED_ENCODING, frame.correlationId(),
                    "encoding id=" + frame.encodingId() + " is not supported; this broker speaks "
                            + broker.codec().encoding() + " (id=" + broker.codec().encoding().id() + ")", null);
        }
        ApiKey apiKey = frame.apiKey();
        if (apiKey == null || apiKey.requestType() == null) {
            throw new ProtocolException(ErrorCode.UNSUPPORTED_API, frame.correlationId(),
                    "api key=" + frame.apiKeyId() + " is not a request this broker serves", null);
        }
        return apiKey;
    }

    private <T extends Message> T decode(Frame frame, Class<T> type) {
        try {
            return broker.codec().decode(type, frame.body());
        } catch (ProtocolException e) {
            throw withCorrelationId(e, frame);
        }
    }

    private static ProtocolException withCorrelationId(ProtocolException e, Frame frame) {
        return new ProtocolException(e.errorCode(), frame.correlationId(), e.getMessage(), e.getCause());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable fault = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (faulted && fault instanceof ProtocolException) {
            // one error frame per connection: the first fault's is written and its close is on the way
            // (later, under flush consolidation); bytes the decoder still held must not add a second
            return;
        }
        if (fault instanceof ProtocolException e) {
            broker.counters().protocolErrors.increment();
            faulted = true;
            ctx.channel().config().setAutoRead(false);
            ErrorResponse error = new ErrorResponse(e.errorCode(), e.getMessage());
            ctx.writeAndFlush(Frames.encode(ctx.alloc(), broker.codec(), ApiKey.ERROR, e.correlationId(), error))
                    .addListener(ChannelFutureListener.CLOSE);
        } else if (fault instanceof IOException) {
            faulted = true;
            ctx.close(); // the peer went away (reset, broken pipe): nothing to answer
        } else {
            LOG.log(Level.SEVERE, "unexpected fault; closing " + ctx.channel(), fault);
            faulted = true;
            ctx.close();
        }
    }

    /** One request's place in the response order, and its result once ready. */
    private static final class PendingResponse {
        final ApiKey apiKey;
        final int correlationId;
        final int requestFrameBytes;
        /** When its frame reached the handler, before its body was decoded. */
        final long arrivedNanos;
        final CompletableFuture<?> result;

        PendingResponse(ApiKey apiKey, int correlationId, int requestFrameBytes, long arrivedNanos,
                        CompletableFuture<?> result) {
            this.apiKey = apiKey;
            this.correlationId = correlationId;
            this.requestFrameBytes = requestFrameBytes;
            this.arrivedNanos = arrivedNanos;
            this.result = result;
        }

        /** Not written (the connection faulted): what it holds is given back. */
        void discard() {
            if (!result.isCompletedExceptionally() && result.join() instanceof FetchResult fetch) {
                fetch.records().release();
            }
        }
    }
}
