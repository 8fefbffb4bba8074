package dev.tenx.naive;

import dev.tenx.common.metrics.BrokerCounters;
import dev.tenx.common.wire.ApiKey;
import dev.tenx.common.wire.Encoding;
import dev.tenx.common.wire.ErrorCode;
import dev.tenx.common.wire.ErrorResponse;
import dev.tenx.common.wire.FetchRequest;
import dev.tenx.common.wire.FetchResponse;
import dev.tenx.common.wire.Frame;
import dev.tenx.common.wire.Frames;
import dev.tenx.common.wire.Message;
import dev.tenx.common.wire.MessageCodec;
import dev.tenx.common.wire.ProduceRequest;
import dev.tenx.common.wire.ProtocolException;
import dev.tenx.common.wire.StatsResponse;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.util.AttributeKey;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Answers each request frame: decode the body into objects, act on the store, encode the
 * response, write and flush it. Protocol faults (from {@code FrameDecoder} or from here) get an
 * ERROR frame, then the connection is closed; other connections never notice.
 *
 * <p>Shared by all connections: it holds no per-connection state. Runs on the event-loop thread
 * of each connection, and so does the store call.
 */
@ChannelHandler.Sharable
final class BrokerHandler extends SimpleChannelInboundHandler<Frame> {

    private static final Logger LOG = Logger.getLogger(BrokerHandler.class.getName());

    /** Set on a connection once it has faulted: frames already read behind the fault are dropped. */
    private static final AttributeKey<Boolean> FAULTED = AttributeKey.valueOf("tenx.faulted");

    private final RecordStore store;
    private final ProduceHandler produceHandler;
    private final MessageCodec codec;
    private final BrokerCounters counters;
    private final int fetchMaxBytes;

    BrokerHandler(RecordStore store, ProduceHandler produceHandler, MessageCodec codec, BrokerCounters counters,
                  int fetchMaxBytes) {
        super(Frame.class, false); // Frame is not reference-counted; we release its body ourselves
        this.store = store;
        this.produceHandler = produceHandler;
        this.codec = codec;
        this.counters = counters;
        this.fetchMaxBytes = fetchMaxBytes;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        counters.connectionsAccepted.increment();
        super.channelActive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
        if (ctx.channel().hasAttr(FAULTED)) {
            frame.release(); // after a fault the connection only closes: nothing behind it is served
            return;
        }
        counters.requests.increment();
        ApiKey apiKey;
        Message response;
        try {
            apiKey = checkedApiKey(frame);
            Message request = decode(frame, apiKey);
            response = handle(apiKey, request);
        } finally {
            frame.release();
        }
        // naive: no write coalescing. Each response is its own write and flush, so its own
        // write(2); batching and pipelining put many records behind one flush.
        ctx.writeAndFlush(Frames.encode(ctx.alloc(), codec, apiKey, frame.correlationId(), response));
    }

    private ApiKey checkedApiKey(Frame frame) {
        Encoding encoding = frame.encoding();
        if (encoding != codec.encoding()) {
            throw new ProtocolException(ErrorCode.UNSUPPORTED_ENCODING, frame.correlationId(),
                    "encoding id=" + frame.encodingId() + " is not supported; this broker speaks "
                            + codec.encoding() + " (id=" + codec.encoding().id() + ")", null);
        }
        ApiKey apiKey = frame.apiKey();
        if (apiKey == null || apiKey.requestType() == null) {
            throw new ProtocolException(ErrorCode.UNSUPPORTED_API, frame.correlationId(),
                    "api key=" + frame.apiKeyId() + " is not a request this broker serves", null);
        }
        return apiKey;
    }

    private Message decode(Frame frame, ApiKey apiKey) {
        try {
            return codec.decode(apiKey.requestType(), frame.body());
        } catch (ProtocolException e) {
            throw new ProtocolException(e.errorCode(), frame.correlationId(), e.getMessage(), e.getCause());
        }
    }

    private Message handle(ApiKey apiKey, Message request) {
        switch (apiKey) {
            case PRODUCE:
                return produceHandler.produce((ProduceRequest) request);
            case FETCH:
                return fetch((FetchRequest) request);
            case STATS:
                return new StatsResponse(counters.snapshot());
            default:
                throw new IllegalStateException("checkedApiKey let through apiKey=" + apiKey);
        }
    }

    private FetchResponse fetch(FetchRequest request) {
        long logEnd = store.nextOffset();
        if (request.maxRecords() < 1 || request.maxBytes() < 0) {
            return FetchResponse.error(ErrorCode.INVALID_REQUEST, "maxRecords=" + request.maxRecords()
                    + ", maxBytes=" + request.maxBytes() + ": need maxRecords >= 1 and maxBytes >= 0", logEnd);
        }
        if (request.offset() < 0 || request.offset() > logEnd) {
            return FetchResponse.error(ErrorCode.OFFSET_OUT_OF_RANGE,
                    "offset=" + request.offset() + " is outside the log [0, " + logEnd + "]", logEnd);
        }
        // The client asks, the broker bounds: one request may not claim the whole log.
        int maxBytes = Math.min(request.maxBytes(), fetchMaxBytes);
        try {
            var records = store.read(request.offset(), request.maxRecords(), maxBytes);
            counters.recordsFetched.add(records.size());
            // read after the records: appends may have moved it, and it must not be below them
            return FetchResponse.ok(request.offset(), store.nextOffset(), records);
        } catch (IOException e) {
            LOG.log(Level.SEVERE, "read failed at offset=" + request.offset(), e);
            return FetchResponse.error(ErrorCode.STORAGE_ERROR, "read failed: " + e.getMessage(), logEnd);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable fault = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (fault instanceof ProtocolException e) {
            counters.protocolErrors.increment();
            ctx.channel().attr(FAULTED).set(Boolean.TRUE);
            ctx.channel().config().setAutoRead(false);
            ErrorResponse error = new ErrorResponse(e.errorCode(), e.getMessage());
            ctx.writeAndFlush(Frames.encode(ctx.alloc(), codec, ApiKey.ERROR, e.correlationId(), error))
                    .addListener(ChannelFutureListener.CLOSE);
        } else if (fault instanceof IOException) {
            ctx.close(); // the peer went away (reset, broken pipe): nothing to answer
        } else {
            LOG.log(Level.SEVERE, "unexpected fault; closing " + ctx.channel(), fault);
            ctx.close();
        }
    }
}
