package dev.tenx.common.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenx.common.metrics.BrokerCounters;
import dev.tenx.common.metrics.ServiceTimes;
import dev.tenx.common.wire.ApiKey;
import dev.tenx.common.wire.FrameDecoder;
import dev.tenx.common.wire.FrameDescriptor;
import dev.tenx.common.wire.Frames;
import dev.tenx.common.wire.LogRecord;
import dev.tenx.common.wire.MessageCodec;
import dev.tenx.common.wire.ProduceRequest;
import dev.tenx.common.wire.ProtobufCodec;
import dev.tenx.common.wire.RecordBatch;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the request handler measures per produce request, on an {@link EmbeddedChannel} with a
 * ticker the test moves by hand: the frame's bytes as read, and a service time that runs from the
 * frame's arrival to its response being written, so that it holds the wait for durability, and
 * is not counted before the response is written.
 */
class RequestHandlerServiceTimeTest {

    private static final MessageCodec CODEC = ProtobufCodec.INSTANCE;
    private static final int MAX_FRAME_BYTES = 64 * 1024;
    private static final int MAX_RECORDS = 1_000;
    private static final long DURABILITY_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(3);

    private final AtomicLong ticker = new AtomicLong(1_000_000);
    private final BrokerCounters counters = new BrokerCounters();
    private final CompletableFuture<ProduceResult> durable = new CompletableFuture<>();
    private final EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(MAX_FRAME_BYTES),
            new RequestHandler(services(batch -> durable)));

    @AfterEach
    void closeChannel() {
        channel.finishAndReleaseAll();
    }

    @Test
    void aProduceRequestsServiceTimeHoldsItsWaitForDurabilityAndIsCountedWhenItsResponseIsWritten() {
        Map<String, Long> start = counters.snapshot();
        ByteBuf frame = produceFrame();
        int frameBytes = frame.readableBytes();

        channel.writeInbound(frame);
        ticker.addAndGet(DURABILITY_WAIT_NANOS);

        assertThat(channel.<Object>readOutbound()).as("a response before the store is durable").isNull();
        assertThat(counters.snapshot()).as("counters before the response is written")
                .containsEntry(BrokerCounters.PRODUCE_SERVICE_COUNT, 0L)
                .containsEntry(BrokerCounters.PRODUCE_REQUEST_BYTES, (long) frameBytes);

        durable.complete(ProduceResult.acknowledged(0, 1));

        ByteBuf response = channel.readOutbound();
        assertThat(response).as("the produce response, once durable").isNotNull();
        response.release();
        Map<String, Long> end = counters.snapshot();
        assertThat(end).as("counters once the response is written")
                .containsEntry(BrokerCounters.PRODUCE_SERVICE_COUNT, 1L)
                .containsEntry(BrokerCounters.PRODUCE_SERVICE_NANOS, DURABILITY_WAIT_NANOS);
        assertThat(ServiceTimes.meanMicros(BrokerCounters.PRODUCE_SERVICE, start, end)).as("W, mean, in us")
                .isEqualTo(TimeUnit.NANOSECONDS.toMicros(DURABILITY_WAIT_NANOS));
        assertThat(frameBytes).as("the bytes counted: the whole frame, header included")
                .isEqualTo(FrameDescriptor.frameLength(CODEC.encode(request()).length));
    }

    private static ProduceRequest request() {
        return new ProduceRequest(7, 0, List.of(new LogRecord(new byte[0], new byte[] {1, 2, 3}, 42)));
    }

    private static ByteBuf produceFrame() {
        return Frames.encode(UnpooledByteBufAllocator.DEFAULT, CODEC, ApiKey.PRODUCE, 1, request());
    }

    private BrokerServices services(ProduceHandler produce) {
        return new BrokerServices(CODEC, new DurableStore(), produce, request -> {
            throw new AssertionError("no fetch in this test");
        }, ResponseWriter.COPY_AND_FLUSH_EACH, new RequestLimits(MAX_RECORDS), counters, ticker::get);
    }

    /** A store whose whole log is durable: the acknowledgement check passes; nothing else is called. */
    private static final class DurableStore implements RecordStore {

        @Override
        public long append(RecordBatch batch) {
            throw new AssertionError("the test's produce handler appends nothing");
        }

        @Override
        public CompletionStage<Void> durable(long endOffset) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public long durableEnd() {
            return Long.MAX_VALUE;
        }

        @Override
        public StoredRecords read(long offset, int maxRecords, int maxBytes) throws IOException {
            throw new IOException("no read in this test");
        }

        @Override
        public void close() {
            // nothing open
        }
    }
}
