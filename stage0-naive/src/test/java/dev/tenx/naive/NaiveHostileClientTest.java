package dev.tenx.naive;

import dev.tenx.common.contract.AbstractHostileClientContractTest;
import dev.tenx.common.spi.Stage;

class NaiveHostileClientTest extends AbstractHostileClientContractTest {

    @Override
    protected Stage stage() {
        return new NaiveStage();
    }
}
