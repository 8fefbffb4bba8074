package dev.tenx.common.spi;

import dev.tenx.common.broker.AssembledBroker;
import dev.tenx.common.config.ConfigDef;
import dev.tenx.common.wire.Encoding;
import java.io.IOException;
import java.util.Map;

/**
 * A {@link Stage} built from its {@link StageParts}: the one assembler every stage's composition
 * root extends, so that a root holds nothing but its parts. Stateless beyond the parts; thread-safe.
 */
public abstract class AssembledStage implements Stage {

    private final StageParts parts;

    protected AssembledStage(StageParts parts) {
        this.parts = parts;
    }

    /** This stage's parts: what the next stage starts from. */
    public final StageParts parts() {
        return parts;
    }

    @Override
    public final String name() {
        return parts.name();
    }

    @Override
    public final int number() {
        return parts.number();
    }

    @Override
    public final String technique() {
        return parts.technique();
    }

    @Override
    public final Encoding encoding() {
        return parts.codec().encoding();
    }

    @Override
    public final ConfigDef brokerConfig() {
        return parts.broker().config();
    }

    @Override
    public final ConfigDef producerConfig() {
        return parts.producer().config();
    }

    @Override
    public final ConfigDef consumerConfig() {
        return parts.consumer().config();
    }

    @Override
    public final Broker startBroker(Map<String, ?> props) throws IOException {
        return AssembledBroker.start(parts.broker(), parts.codec(), parts.transport(), props);
    }

    @Override
    public final Producer newProducer(Map<String, ?> props) {
        return parts.producer().factory().create(props, parts);
    }

    @Override
    public final Consumer newConsumer(Map<String, ?> props) {
        return parts.consumer().factory().create(props, parts);
    }
}
