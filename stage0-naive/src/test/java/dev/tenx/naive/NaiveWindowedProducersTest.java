package dev.tenx.naive;

import dev.tenx.common.contract.AbstractWindowedProducersContractTest;
import dev.tenx.common.spi.Stage;

class NaiveWindowedProducersTest extends AbstractWindowedProducersContractTest {

    /** Three fsyncs per record and one record in flight per producer: 200 records take seconds on a shared machine. */
    private static final int RECORDS_PER_PRODUCER = 50;

    @Override
    protected Stage stage() {
        return new NaiveStage();
    }

    @Override
    protected int recordsPerProducer() {
        return RECORDS_PER_PRODUCER;
    }
}
