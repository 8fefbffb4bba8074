package dev.tenx.common.spi;

import dev.tenx.common.config.ConfigDef;
import dev.tenx.common.wire.Encoding;
import java.io.IOException;
import java.util.Map;

/**
 * One complete system, producer to broker to storage to consumer: the unit the contract suite
 * tests and the runner compares. Each stage module registers its implementation in
 * {@code META-INF/services/dev.tenx.common.spi.Stage}; {@link Stages} finds them all, so
 * neither the suite nor the runner keeps a list.
 *
 * <p>Implementations are stateless factories and thread-safe.
 */
public interface Stage {

    /** The module name, for example {@code stage0-naive}. */
    String name();

    /** Its place in the comparison: 0 to 6. */
    int number();

    /** The one technique this stage adds to the one before, in a few words. */
    String technique();

    /** The body encoding its clients and broker speak (the broker answers Stats in it). */
    Encoding encoding();

    ConfigDef brokerConfig();

    ConfigDef producerConfig();

    ConfigDef consumerConfig();

    /** Starts a broker; {@code props} are checked against {@link #brokerConfig()}. */
    Broker startBroker(Map<String, ?> props) throws IOException;

    /** A connected producer; {@code props} are checked against {@link #producerConfig()}. */
    Producer newProducer(Map<String, ?> props);

    /** A connected consumer positioned at offset 0. */
    Consumer newConsumer(Map<String, ?> props);
}
