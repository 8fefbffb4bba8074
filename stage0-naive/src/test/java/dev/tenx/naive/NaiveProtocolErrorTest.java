package dev.tenx.naive;

import dev.tenx.common.contract.AbstractProtocolErrorContractTest;
import dev.tenx.common.spi.Stage;

class NaiveProtocolErrorTest extends AbstractProtocolErrorContractTest {

    @Override
    protected Stage stage() {
        return new NaiveStage();
    }
}
