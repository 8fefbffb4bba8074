package dev.tenx.common.spi;

import dev.tenx.common.broker.BrokerParts;
import dev.tenx.common.broker.Transport;
import dev.tenx.common.config.ConfigDef;
import dev.tenx.common.wire.MessageCodec;
import java.util.function.UnaryOperator;

/**
 * A whole stage as parts: what it is called, the codec and transport both sides of a connection
 * share, and the broker's, the producer's and the consumer's parts. A stage's composition root is
 * the previous stage's parts with the parts its one technique replaces swapped, for example:
 * <pre>
 * PREVIOUS.parts().named("stage2-pipeline", 2, "pipelining: ...")
 *         .withBroker(b -&gt; b.withProduceHandler(IdempotentProduceHandler.over(b.produce())))
 *         .withProducer(PipelinedProducerConfig.CONFIG, PipelinedStage::newProducer)
 *         .withConsumer(BatchingConsumerConfig.CONFIG, PrefetchingConsumer::create);
 * </pre>
 * {@link AssembledStage} turns parts into a running broker and connected clients. Immutable.
 */
public record StageParts(String name, int number, String technique, MessageCodec codec, Transport transport,
                         BrokerParts broker, ProducerParts producer, ConsumerParts consumer) {

    /** The same parts under a new stage's name: the first call of every composition root. */
    public StageParts named(String newName, int newNumber, String newTechnique) {
        return new StageParts(newName, newNumber, newTechnique, codec, transport, broker, producer, consumer);
    }

    public StageParts withCodec(MessageCodec newCodec) {
        return new StageParts(name, number, technique, newCodec, transport, broker, producer, consumer);
    }

    public StageParts withTransport(Transport newTransport) {
        return new StageParts(name, number, technique, codec, newTransport, broker, producer, consumer);
    }

    /** The broker's parts with some swapped: {@code change} gets the current ones. */
    public StageParts withBroker(UnaryOperator<BrokerParts> change) {
        return new StageParts(name, number, technique, codec, transport, change.apply(broker), producer, consumer);
    }

    public StageParts withProducer(ConfigDef config, ProducerParts.Factory factory) {
        return new StageParts(name, number, technique, codec, transport, broker, new ProducerParts(config, factory),
                consumer);
    }

    public StageParts withConsumer(ConfigDef config, ConsumerParts.Factory factory) {
        return new StageParts(name, number, technique, codec, transport, broker, producer,
                new ConsumerParts(config, factory));
    }
}
