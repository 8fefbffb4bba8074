package dev.tenx.common.broker;

import dev.tenx.common.config.ConfigDef;

/**
 * The parts of a broker that a later stage may swap, one at a time: its configuration keys, its
 * store, what it does with a produce and a fetch request, how it writes responses, and what it
 * admits. The codec and the transport are the whole stage's ({@code StageParts}), since both
 * sides of a connection must agree on them. Immutable.
 */
public record BrokerParts(ConfigDef config, StoreFactory store, ProduceHandler.Factory produce,
                          FetchHandler.Factory fetch, ResponseWriter responses, Admission admission) {

    /** A stage's broker keys: {@code extended} must hold every key of the current definition. */
    public BrokerParts withConfig(ConfigDef extended) {
        for (String key : config.keys().keySet()) {
            if (!extended.keys().containsKey(key)) {
                throw new IllegalArgumentException("key=" + key + " is missing: a stage's broker config extends "
                        + "the previous stage's, it never drops a key");
            }
        }
        return new BrokerParts(extended, store, produce, fetch, responses, admission);
    }

    public BrokerParts withStore(StoreFactory newStore) {
        return new BrokerParts(config, newStore, produce, fetch, responses, admission);
    }

    public BrokerParts withProduceHandler(ProduceHandler.Factory newProduce) {
        return new BrokerParts(config, store, newProduce, fetch, responses, admission);
    }

    public BrokerParts withFetchHandler(FetchHandler.Factory newFetch) {
        return new BrokerParts(config, store, produce, newFetch, responses, admission);
    }

    public BrokerParts withResponseWriter(ResponseWriter newResponses) {
        return new BrokerParts(config, store, produce, fetch, newResponses, admission);
    }

    public BrokerParts withAdmission(Admission newAdmission) {
        return new BrokerParts(config, store, produce, fetch, responses, newAdmission);
    }
}
