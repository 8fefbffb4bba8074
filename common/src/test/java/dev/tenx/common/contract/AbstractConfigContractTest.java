package dev.tenx.common.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tenx.common.config.BrokerConfig;
import dev.tenx.common.config.ConfigException;
import dev.tenx.common.config.ConsumerConfig;
import dev.tenx.common.config.HostPort;
import dev.tenx.common.config.ProducerConfig;
import dev.tenx.common.errors.DisconnectedException;
import dev.tenx.common.spi.Broker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Configuration mistakes surface at start-up, clearly: {@code startBroker}, {@code newProducer}
 * and {@code newConsumer} refuse an unknown key, a missing required key or a value that does not
 * parse or is out of range, with a {@link ConfigException} whose message names the key; a broker
 * whose port is taken and a producer with nobody to connect to fail at once, saying so. And a
 * stage's definitions extend the shared ones ({@link BrokerConfig}, {@link ProducerConfig},
 * {@link ConsumerConfig}): it may add keys, never drop one.
 *
 * <p>A stage runs it by extending this class and implementing {@link #stage()}.
 */
public abstract class AbstractConfigContractTest extends AbstractStageTest {

    private static final String UNKNOWN_KEY = "no.such.key";

    @Test
    public void theStagesDefinitionsHoldEverySharedKey() {
        assertThat(stage().brokerConfig().keys().keySet()).as("the stage's broker keys")
                .containsAll(BrokerConfig.CONFIG.keys().keySet());
        assertThat(stage().producerConfig().keys().keySet()).as("the stage's producer keys")
                .containsAll(ProducerConfig.CONFIG.keys().keySet());
        assertThat(stage().consumerConfig().keys().keySet()).as("the stage's consumer keys")
                .containsAll(ConsumerConfig.CONFIG.keys().keySet());
    }

    @Test
    public void brokerOnAPortInUseFailsAtOnceNamingIt() throws Exception {
        try (Broker first = openBroker()) {
            String taken = HostPort.format(first.address());
            Map<String, Object> props = new HashMap<>(brokerProps(Map.of(BrokerConfig.LISTENERS, taken)));
            props.put(BrokerConfig.LOG_DIR, logDir.resolve("second").toString());

            Throwable thrown = catchThrowable(() -> startAndClose(props));

            assertThat(thrown).as("starting a second broker on %s", taken)
                    .isInstanceOf(IOException.class).hasMessageContaining(taken);
        }
    }

    @Test
    public void producerToAPortNobodyListensOnFailsWithDisconnected() throws Exception {
        InetSocketAddress closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = new InetSocketAddress(socket.getInetAddress(), socket.getLocalPort());
        }

        Throwable thrown = catchThrowable(() -> stage().newProducer(producerProps(closed, Map.of())).close());

        assertThat(thrown).as("connecting a producer to %s, where nobody listens", closed)
                .isInstanceOf(DisconnectedException.class);
    }

    @Test
    public void brokerRefusesAnUnknownKey() {
        assertConfigError(UNKNOWN_KEY, () -> startAndClose(brokerProps(Map.of(UNKNOWN_KEY, "1"))));
    }

    @Test
    public void brokerRefusesAValueThatIsNotANumber() {
        String key = BrokerConfig.SOCKET_REQUEST_MAX_BYTES;

        assertConfigError(key, () -> startAndClose(brokerProps(Map.of(key, "lots"))));
    }

    @Test
    public void brokerRefusesAValueOutOfRange() {
        String key = BrokerConfig.NUM_NETWORK_THREADS;

        assertConfigError(key, () -> startAndClose(brokerProps(Map.of(key, 0))));
    }

    @Test
    public void brokerRefusesAListenerThatIsNotHostPort() {
        String key = BrokerConfig.LISTENERS;

        assertConfigError(key, () -> startAndClose(brokerProps(Map.of(key, "localhost"))));
    }

    @Test
    public void brokerRequiresALogDir() {
        Map<String, Object> props = new HashMap<>(brokerProps(Map.of()));
        props.remove(BrokerConfig.LOG_DIR);

        assertConfigError(BrokerConfig.LOG_DIR, () -> startAndClose(props));
    }

    @Test
    public void producerRefusesAnUnknownKey() throws Exception {
        try (Broker broker = openBroker()) {
            assertConfigError(UNKNOWN_KEY, () -> closeIfCreated(
                    stage().newProducer(producerProps(broker.address(), Map.of(UNKNOWN_KEY, "1")))));
        }
    }

    @Test
    public void producerRefusesAnInvalidValue() throws Exception {
        try (Broker broker = openBroker()) {
            assertConfigError(ProducerConfig.MAX_REQUEST_SIZE, () -> closeIfCreated(stage().newProducer(
                    producerProps(broker.address(), Map.of(ProducerConfig.MAX_REQUEST_SIZE, "lots")))));
            assertConfigError(ProducerConfig.REQUEST_TIMEOUT_MS, () -> closeIfCreated(stage().newProducer(
                    producerProps(broker.address(), Map.of(ProducerConfig.REQUEST_TIMEOUT_MS, 0)))));
        }
    }

    @Test
    public void producerRequiresBootstrapServers() {
        assertConfigError(ProducerConfig.BOOTSTRAP_SERVERS, () -> closeIfCreated(stage().newProducer(Map.of())));
    }

    @Test
    public void consumerRefusesAnUnknownKey() throws Exception {
        try (Broker broker = openBroker()) {
            assertConfigError(UNKNOWN_KEY, () -> closeIfCreated(
                    stage().newConsumer(consumerProps(broker.address(), Map.of(UNKNOWN_KEY, "1")))));
        }
    }

    @Test
    public void consumerRefusesAnInvalidValue() throws Exception {
        try (Broker broker = openBroker()) {
            assertConfigError(ConsumerConfig.REQUEST_TIMEOUT_MS, () -> closeIfCreated(stage().newConsumer(
                    consumerProps(broker.address(), Map.of(ConsumerConfig.REQUEST_TIMEOUT_MS, "soon")))));
        }
    }

    @Test
    public void consumerRequiresBootstrapServers() {
        assertConfigError(ConsumerConfig.BOOTSTRAP_SERVERS, () -> closeIfCreated(stage().newConsumer(Map.of())));
    }

    private static void assertConfigError(String key, ThrowingCallable start) {
        assertThat(catchThrowable(start)).as("what start-up with a bad %s throws", key)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(key);
    }

    private void startAndClose(Map<String, Object> props) throws Exception {
        stage().startBroker(props).close();
    }

    private static void closeIfCreated(AutoCloseable accidentallyStarted) throws Exception {
        accidentallyStarted.close();
    }
}
