package dev.tenx.naive;

import dev.tenx.common.contract.AbstractConfigContractTest;
import dev.tenx.common.spi.Stage;

class NaiveConfigTest extends AbstractConfigContractTest {

    @Override
    protected Stage stage() {
        return new NaiveStage();
    }
}
