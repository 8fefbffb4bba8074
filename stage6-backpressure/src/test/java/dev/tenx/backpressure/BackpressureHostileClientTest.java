package dev.tenx.backpressure;

import dev.tenx.common.contract.AbstractHostileClientContractTest;
import dev.tenx.common.spi.Stage;
import java.util.Map;

class BackpressureHostileClientTest extends AbstractHostileClientContractTest {

    /** Short, so that the half-frame client is closed well within the suite's wait. */
    private static final long FRAME_TIMEOUT_MS = 300;

    @Override
    protected Stage stage() {
        return new BackpressureStage();
    }

    @Override
    protected boolean boundsHostileConnections() {
        return true;
    }

    @Override
    protected Map<String, Object> extraBrokerProps() {
        return Map.of(BackpressureBrokerConfig.REQUEST_FRAME_TIMEOUT_MS, FRAME_TIMEOUT_MS);
    }
}
