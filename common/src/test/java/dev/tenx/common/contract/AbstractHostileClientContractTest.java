package dev.tenx.common.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenx.common.config.BrokerConfig;
import dev.tenx.common.faults.HostileFrame;
import dev.tenx.common.metrics.BrokerCounters;
import dev.tenx.common.spi.Broker;
import dev.tenx.common.spi.Producer;
import dev.tenx.common.wire.ApiKey;
import dev.tenx.common.wire.BlockingClient;
import dev.tenx.common.wire.ErrorCode;
import dev.tenx.common.wire.FetchRequest;
import dev.tenx.common.wire.FetchResponse;
import dev.tenx.common.wire.LogRecord;
import dev.tenx.common.wire.ProduceRequest;
import dev.tenx.common.wire.ProduceResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Clients that hold on to a broker's resources without breaking the frame grammar, and requests
 * that decode but ask for something invalid. The first two:
 * <ul>
 *   <li>a client that sends half a frame and then holds its connection open;
 *   <li>a client with a small receive buffer that pipelines many fetches of the whole log on a
 *       raw socket and never reads a response.
 * </ul>
 * What a broker must do with them (stop reading, bound what it buffers, close the connection) is
 * the backpressure stage's subject. For every stage the suite records what happens to the hostile
 * connection, in the log of the test run, and asserts that the broker keeps serving every other
 * connection: a bystander producer connected before the hostile client gets its sends
 * acknowledged, a new consumer reads the whole log back, and nothing acknowledged is lost. A stage
 * that {@linkplain #boundsHostileConnections() bounds hostile connections} must also stop reading
 * the fetching client before it has read every fetch (counting {@code reads.paused.unwritable}),
 * and close the half-frame client (counting {@code connections.closed.stalled}) within
 * {@link #READ_TIMEOUT}: its subclass sets the stall bound short in {@link #extraBrokerProps()}.
 *
 * <p>Requests that decode but are invalid (an empty produce, a produce of more than
 * {@code request.max.records} records, a fetch of a negative or zero number of records or of a
 * negative number of bytes) are each answered with {@link ErrorCode#INVALID_REQUEST} in their own
 * response type, store nothing, and leave the connection usable: the request is refused, not the
 * client. A produce of exactly {@code request.max.records} records is acknowledged.
 *
 * <p>What it cannot see: how much memory the broker spends on a hostile connection (until the
 * backpressure stage, it queues every response the fetching client never reads), and the
 * protobuf twins of the undecodable bodies, which are the protocol-error contract's.
 *
 * <p>A stage runs it by extending this class and implementing {@link #stage()}.
 */
public abstract class AbstractHostileClientContractTest extends AbstractStageTest {

    private static final Logger LOG = Logger.getLogger(AbstractHostileClientContractTest.class.getName());

    /** Small, so that a request over it is cheap to build. */
    protected static final int REQUEST_MAX_RECORDS = 8;
    protected static final int FETCH_MAX_BYTES = 16 * 1024;

    private static final int RECORDS_BEFORE = 10;
    private static final int SMALL_VALUE_BYTES = 1;
    /** Values that fill a fetch response to {@link #FETCH_MAX_BYTES} with one full request. */
    private static final int LARGE_VALUE_BYTES = FETCH_MAX_BYTES / REQUEST_MAX_RECORDS;
    /**
     * Enough unread responses of {@link #FETCH_MAX_BYTES} to outgrow both ends' socket buffers:
     * 8 MiB, twice what Linux lets a socket's send buffer grow to by default (tcp_wmem's 4 MiB).
     */
    private static final int PIPELINED_FETCHES = 512;
    private static final int SMALL_RECEIVE_BUFFER_BYTES = 4 * 1024;
    /** How long the suite waits for the broker to read every pipelined fetch before it records that it did not. */
    private static final Duration FLOOD_READ_TIMEOUT = Duration.ofSeconds(5);
    /** How long the suite looks at the hostile connection to record its state; nothing waits on it. */
    private static final Duration PEEK_TIMEOUT = Duration.ofMillis(100);
    private static final long TIMESTAMP_MS = 1_700_000_000_000L;

    private Broker broker;
    private Producer bystander;
    private final List<StoredRecord> acked = new ArrayList<>();

    @BeforeEach
    public void startBrokerWithABystander() throws Exception {
        broker = closeAfterTest(openBroker(Map.of(
                BrokerConfig.REQUEST_MAX_RECORDS, REQUEST_MAX_RECORDS,
                BrokerConfig.FETCH_MAX_BYTES, FETCH_MAX_BYTES)));
        bystander = closeAfterTest(connectProducer(broker));
        acked.addAll(sendRecords(bystander, 0, RECORDS_BEFORE));
    }

    /**
     * Whether the stage's broker stops reading a connection that reads no responses and closes
     * one that holds half a frame: false before the backpressure stage.
     */
    protected boolean boundsHostileConnections() {
        return false;
    }

    @Test
    public void halfAFrameHeldOpenStopsNoOtherConnection() throws Exception {
        byte[] frame = HostileFrame.wellFormed(stage().encoding(), ApiKey.PRODUCE, 0,
                ProduceRequest.of(records("half", 1, SMALL_VALUE_BYTES))).toBytes();
        try (Socket hostile = connectRaw(false)) {
            OutputStream out = hostile.getOutputStream();
            out.write(frame, 0, frame.length / 2);
            out.flush();

            assertOtherConnectionsServed("while a client holds half a frame");
            record("half a frame, held open", hostile);
            if (boundsHostileConnections()) {
                assertClosedByTheBroker(hostile);
                assertThat(broker.counters().get(BrokerCounters.CONNECTIONS_CLOSED_STALLED))
                        .as("connections the broker closed for holding part of a frame").isEqualTo(1);
                assertOtherConnectionsServed("after closing a client that held half a frame");
            }
        }
    }

    @Test
    public void pipelinedFetchesNeverReadStopNoOtherConnection() throws Exception {
        List<StoredRecord> large = produceRaw(records("large", REQUEST_MAX_RECORDS, LARGE_VALUE_BYTES));
        acked.addAll(large);
        long requestsBefore = broker.counters().get(BrokerCounters.REQUESTS);
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try (Socket hostile = connectRaw(true)) {
            // on a thread of its own: once the broker stops reading, the write blocks until the socket closes
            byte[] fetches = pipelinedFetches(large.get(0).offset());
            Future<?> writing = writer.submit(() -> {
                writeFully(hostile, fetches);
                return null;
            });
            boolean allRead = eventually(() -> broker.counters().get(BrokerCounters.REQUESTS)
                    >= requestsBefore + PIPELINED_FETCHES, FLOOD_READ_TIMEOUT);
            LOG.info(stage().name() + ": the broker read " + (broker.counters().get(BrokerCounters.REQUESTS)
                    - requestsBefore) + " of " + PIPELINED_FETCHES + " pipelined fetches within "
                    + FLOOD_READ_TIMEOUT.toSeconds() + " s (" + (allRead ? "all" : "it stopped reading") + "); the "
                    + "client's write " + (writing.isDone() ? "completed" : "was still blocked"));

            assertOtherConnectionsServed("while a client pipelines fetches and reads no response");
            record("fetches pipelined, no response read", hostile);
            if (boundsHostileConnections()) {
                assertThat(allRead).as("the broker read every one of %d pipelined fetches whose responses nobody "
                        + "reads: it should have stopped reading once the connection's responses stopped leaving",
                        PIPELINED_FETCHES).isFalse();
                assertThat(broker.counters().get(BrokerCounters.READS_PAUSED_UNWRITABLE))
                        .as("times a connection stopped reading because its socket took no more responses")
                        .isPositive();
            }
        } finally {
            writer.shutdownNow();
        }
    }

    @TestFactory
    public Stream<DynamicTest> aRequestThatDecodesButIsInvalidIsRefusedAndStoresNothing() {
        return Stream.of(
                DynamicTest.dynamicTest("an empty produce", () -> assertProduceRefused(List.of())),
                DynamicTest.dynamicTest("a produce of request.max.records + 1 records", () ->
                        assertProduceRefused(records("over", REQUEST_MAX_RECORDS + 1, SMALL_VALUE_BYTES))),
                DynamicTest.dynamicTest("a fetch of -1 records", () ->
                        assertFetchRefused(new FetchRequest(0, -1, FETCH_MAX_BYTES))),
                DynamicTest.dynamicTest("a fetch of 0 records", () ->
                        assertFetchRefused(new FetchRequest(0, 0, FETCH_MAX_BYTES))),
                DynamicTest.dynamicTest("a fetch of -1 bytes", () ->
                        assertFetchRefused(new FetchRequest(0, RECORDS_BEFORE, -1))));
    }

    @Test
    public void aProduceOfRequestMaxRecordsIsAcknowledged() throws Exception {
        acked.addAll(produceRaw(records("at-the-limit", REQUEST_MAX_RECORDS, SMALL_VALUE_BYTES)));

        assertOtherConnectionsServed("after a produce of request.max.records records");
    }

    private void assertProduceRefused(List<LogRecord> records) throws IOException {
        try (BlockingClient client = connectRawClient()) {
            ProduceResponse response = client.call(ApiKey.PRODUCE, ProduceRequest.of(records), ProduceResponse.class);

            assertThat(response.errorCode()).as("answer to a produce of %d records", records.size())
                    .isEqualTo(ErrorCode.INVALID_REQUEST);
            assertConnectionStillServed(client);
        }
        assertLog("the log after a refused produce", readLog(broker), acked);
    }

    private void assertFetchRefused(FetchRequest request) throws IOException {
        try (BlockingClient client = connectRawClient()) {
            FetchResponse response = client.call(ApiKey.FETCH, request, FetchResponse.class);

            assertThat(response.errorCode()).as("answer to %s", request).isEqualTo(ErrorCode.INVALID_REQUEST);
            assertThat(response.records()).as("records in the answer to %s", request).isEmpty();
            assertConnectionStillServed(client);
        }
        assertLog("the log after a refused fetch", readLog(broker), acked);
    }

    private static void assertConnectionStillServed(BlockingClient client) throws IOException {
        assertThat(client.stats().counters()).as("a Stats answer on the same connection: the request was refused, "
                + "not the client").containsKey(BrokerCounters.REQUESTS);
    }

    /** A bystander's send on an old connection is acknowledged, and a new one reads back all that was. */
    private void assertOtherConnectionsServed(String when) {
        acked.add(send(bystander, Payloads.key(0, acked.size()), Payloads.value(0, acked.size())));

        assertLog("the log read on a new connection " + when, readLog(broker), acked);
    }

    /** Produces on a raw connection, which sets the records' timestamps: they are known exactly. */
    private List<StoredRecord> produceRaw(List<LogRecord> records) throws IOException {
        ProduceResponse response;
        try (BlockingClient client = connectRawClient()) {
            response = client.call(ApiKey.PRODUCE, ProduceRequest.of(records), ProduceResponse.class);
        }
        assertThat(response.errorCode()).as("answer to a produce of %d records", records.size())
                .isEqualTo(ErrorCode.NONE);
        List<StoredRecord> stored = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            LogRecord r = records.get(i);
            stored.add(new StoredRecord(response.baseOffset() + i, r.key(), r.value(), r.timestampMs(), r.timestampMs()));
        }
        return stored;
    }

    /**
     * Fetches from the first large record: each answer is the request of large records whole,
     * {@link #FETCH_MAX_BYTES}, whether the store cuts at records or at whole stored batches.
     */
    private byte[] pipelinedFetches(long offset) {
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        for (int correlationId = 0; correlationId < PIPELINED_FETCHES; correlationId++) {
            frames.writeBytes(HostileFrame.wellFormed(stage().encoding(), ApiKey.FETCH, correlationId,
                    new FetchRequest(offset, Integer.MAX_VALUE, Integer.MAX_VALUE)).toBytes());
        }
        return frames.toByteArray();
    }

    private static void writeFully(Socket socket, byte[] bytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    /** Logs what the broker did to a hostile connection so far: answered, closed it, or neither. */
    private void record(String hostile, Socket socket) throws IOException {
        socket.setSoTimeout((int) PEEK_TIMEOUT.toMillis());
        String state;
        try {
            InputStream in = socket.getInputStream();
            int available = in.available();
            state = available > 0 ? "answered, " + available + " bytes waiting unread"
                    : in.read() < 0 ? "closed by the broker" : "answered";
        } catch (SocketTimeoutException e) {
            state = "open, unanswered";
        } catch (IOException e) {
            state = "reset by the broker: " + e.getMessage();
        }
        LOG.info(stage().name() + ": " + hostile + ": the connection is " + state);
    }

    /** Reads until the broker closes the connection (end of stream or reset), for at most {@link #READ_TIMEOUT}. */
    private static void assertClosedByTheBroker(Socket socket) throws IOException {
        socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
        InputStream in = socket.getInputStream();
        try {
            while (in.read() >= 0) {
                // an error frame before the close is allowed; read past it
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the broker did not close a connection holding half a frame within "
                    + READ_TIMEOUT.toSeconds() + " s", e);
        } catch (IOException reset) {
            // a reset is a close too
        }
    }

    private Socket connectRaw(boolean smallReceiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (smallReceiveBuffer) {
            // before connecting, so that the window the client advertises is small from the start
            socket.setReceiveBufferSize(SMALL_RECEIVE_BUFFER_BYTES);
        }
        socket.connect(broker.address(), (int) READ_TIMEOUT.toMillis());
        return socket;
    }

    private BlockingClient connectRawClient() throws IOException {
        return new BlockingClient(broker.address(), stage().encoding(), READ_TIMEOUT);
    }

    /** {@code count} records with keys naming {@code what}, values of {@code valueBytes}, known timestamps. */
    private static List<LogRecord> records(String what, int count, int valueBytes) {
        List<LogRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(new LogRecord((what + "-" + i).getBytes(StandardCharsets.UTF_8),
                    Payloads.randomBytes(valueBytes, i), TIMESTAMP_MS + i));
        }
        return records;
    }
}
