package dev.tenx.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenx.common.config.BrokerConfig;
import dev.tenx.common.errors.BrokerException;
import dev.tenx.common.errors.DisconnectedException;
import dev.tenx.common.wire.ApiKey;
import dev.tenx.common.wire.ErrorCode;
import dev.tenx.common.wire.Frames;
import dev.tenx.common.wire.JsonCodec;
import dev.tenx.common.wire.LogRecord;
import dev.tenx.common.wire.Message;
import dev.tenx.common.wire.MessageCodec;
import dev.tenx.common.wire.ProduceRequest;
import dev.tenx.common.wire.ProduceResponse;
import dev.tenx.common.spi.Broker;
import dev.tenx.naive.NaiveStage;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Many requests on one connection: against stage 0's broker, and against scripted servers that misbehave. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PipelinedConnectionTest {

    private static final MessageCodec CODEC = JsonCodec.INSTANCE;
    private static final long WAIT_S = 10;

    @TempDir
    Path logDir;

    @Test
    void manyRequestsInFlightToARealBrokerCompleteInSendOrderWithDenseOffsets() throws Exception {
        int requests = 200;
        try (Broker broker = startBroker();
             PipelinedConnection connection = new PipelinedConnection(broker.address(), CODEC)) {
            List<Integer> completionOrder = Collections.synchronizedList(new ArrayList<>());
            List<CompletableFuture<ProduceResponse>> responses = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                int index = i;
                CompletableFuture<ProduceResponse> response = produce(connection, i);
                response.thenRun(() -> completionOrder.add(index));
                responses.add(response);
            }

            for (int i = 0; i < requests; i++) {
                assertThat(responses.get(i).get(WAIT_S, TimeUnit.SECONDS)).isEqualTo(ProduceResponse.ok(i));
            }
            assertThat(completionOrder).isEqualTo(ascending(requests));
            assertThat(connection.inFlight()).isZero();
            assertThat(connection.isOpen()).isTrue();
        }
    }

    @Test
    void everyRequestIsOnTheWireBeforeTheFirstAnswerComes() throws Exception {
        int requests = 5;
        CountDownLatch allReceived = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        try (ScriptedServer server = new ScriptedServer((in, out) -> {
            List<Integer> ids = readFrames(in, requests);
            allReceived.countDown();
            answer.await();
            for (int i = 0; i < ids.size(); i++) {
                out.write(Frames.toArray(CODEC, ApiKey.PRODUCE, ids.get(i), ProduceResponse.ok(i)));
            }
            out.flush();
        }); PipelinedConnection connection = new PipelinedConnection(server.address(), CODEC)) {
            List<CompletableFuture<ProduceResponse>> responses = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                responses.add(produce(connection, i));
            }

            assertThat(allReceived.await(WAIT_S, TimeUnit.SECONDS)).isTrue();
            assertThat(connection.inFlight()).isEqualTo(requests);
            answer.countDown();

            for (int i = 0; i < requests; i++) {
                assertThat(responses.get(i).get(WAIT_S, TimeUnit.SECONDS)).isEqualTo(ProduceResponse.ok(i));
            }
            assertThat(connection.inFlight()).isZero();
        }
    }

    @Test
    void anAnswerOutOfOrderFailsEverythingInFlightAndClosesTheConnection() throws Exception {
        try (ScriptedServer server = new ScriptedServer((in, out) -> {
            List<Integer> ids = readFrames(in, 3);
            out.write(Frames.toArray(CODEC, ApiKey.PRODUCE, ids.get(1), ProduceResponse.ok(1)));
            out.flush();
            in.read(); // until the client closes
        }); PipelinedConnection connection = new PipelinedConnection(server.address(), CODEC)) {
            List<CompletableFuture<ProduceResponse>> responses = List.of(
                    produce(connection, 0), produce(connection, 1), produce(connection, 2));

            for (CompletableFuture<ProduceResponse> response : responses) {
                assertThat(failureOf(response)).isInstanceOf(DisconnectedException.class)
                        .hasMessageContaining("response correlationId=1")
                        .hasMessageContaining("oldest request in flight is correlationId=0");
            }
            assertThat(connection.isOpen()).isFalse();
            assertThat(connection.inFlight()).isZero();
            assertThat(failureOf(produce(connection, 3))).isInstanceOf(DisconnectedException.class);
        }
    }

    @Test
    void anErrorFrameFailsItsRequestWithTheBrokersErrorAndTheRestAsDisconnected() throws Exception {
        try (Broker broker = startBroker();
             PipelinedConnection connection = new PipelinedConnection(broker.address(), CODEC)) {
            CompletableFuture<ProduceResponse> garbage = connection.send(ApiKey.PRODUCE,
                    "not a produce request".getBytes(StandardCharsets.UTF_8), ProduceResponse.class);
            CompletableFuture<ProduceResponse> behind = produce(connection, 0);

            assertThat(failureOf(garbage)).isInstanceOfSatisfying(BrokerException.class,
                    e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.CORRUPT_MESSAGE));
            assertThat(failureOf(behind)).isInstanceOf(DisconnectedException.class)
                    .hasMessageContaining("error frame");
            assertThat(connection.isOpen()).isFalse();
        }
    }

    @Test
    void theServerClosingFailsEverythingInFlight() throws Exception {
        try (ScriptedServer server = new ScriptedServer((in, out) -> readFrames(in, 2));
             PipelinedConnection connection = new PipelinedConnection(server.address(), CODEC)) {
            CompletableFuture<ProduceResponse> first = produce(connection, 0);
            CompletableFuture<ProduceResponse> second = produce(connection, 1);

            assertThat(failureOf(first)).isInstanceOf(DisconnectedException.class).hasMessageContaining("closed");
            assertThat(failureOf(second)).isInstanceOf(DisconnectedException.class);
            assertThat(connection.isOpen()).isFalse();
        }
    }

    @Test
    void closeFailsEverythingInFlight() throws Exception {
        try (ScriptedServer server = new ScriptedServer((in, out) -> in.read())) {
            PipelinedConnection connection = new PipelinedConnection(server.address(), CODEC);
            CompletableFuture<ProduceResponse> first = produce(connection, 0);
            CompletableFuture<ProduceResponse> second = produce(connection, 1);

            connection.close();

            assertThat(failureOf(first)).isInstanceOf(DisconnectedException.class)
                    .hasMessageContaining("closed by this client");
            assertThat(failureOf(second)).isInstanceOf(DisconnectedException.class);
        }
    }

    @Test
    void sendAfterCloseFailsAtOnce() throws Exception {
        try (Broker broker = startBroker()) {
            PipelinedConnection connection = new PipelinedConnection(broker.address(), CODEC);
            connection.close();

            CompletableFuture<ProduceResponse> response = produce(connection, 0);

            assertThat(response).isCompletedExceptionally();
            assertThat(failureOf(response)).isInstanceOf(DisconnectedException.class)
                    .hasMessageContaining("not sent");
            assertThat(connection.isOpen()).isFalse();
        }
    }

    @Test
    void aBrokerThatCannotBeReachedIsADisconnectedException() throws IOException {
        // A socket bound but neither listening nor connected holds its port: a connect to it is
        // refused, and no other process can take the port and listen on it while the test runs
        // (a port bound, closed and then dialled could be reused in between).
        try (Socket boundNotListening = new Socket()) {
            boundNotListening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            InetSocketAddress nobody = new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    boundNotListening.getLocalPort());

            assertThatThrownBy(() -> new PipelinedConnection(nobody, CODEC)).as("connecting to a port nobody listens on")
                    .isInstanceOf(DisconnectedException.class)
                    .hasMessageContaining("cannot connect to");
        }
    }

    private Broker startBroker() throws IOException {
        return new NaiveStage().startBroker(Map.of(BrokerConfig.LOG_DIR, logDir.toString()));
    }

    private static CompletableFuture<ProduceResponse> produce(PipelinedConnection connection, int index) {
        LogRecord record = new LogRecord(new byte[0], ("value-" + index).getBytes(StandardCharsets.UTF_8), index);
        return connection.send(ApiKey.PRODUCE, CODEC.encode(ProduceRequest.of(List.of(record))),
                ProduceResponse.class);
    }

    private static Throwable failureOf(CompletableFuture<? extends Message> response) throws Exception {
        try {
            response.get(WAIT_S, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("completed normally, expected a failure");
    }

    private static List<Integer> ascending(int count) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(i);
        }
        return out;
    }

    /** Reads {@code count} request frames and returns their correlation ids. */
    private static List<Integer> readFrames(DataInputStream in, int count) throws IOException {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(ScriptedServer.readFrame(in).correlationId());
        }
        return ids;
    }
}
