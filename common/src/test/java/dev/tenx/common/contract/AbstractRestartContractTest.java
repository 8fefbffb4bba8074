package dev.tenx.common.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenx.common.spi.Broker;
import dev.tenx.common.spi.Producer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Durability across a clean restart: a broker closed and started again on the same
 * {@code log.dir} serves every record it acknowledged before, byte-exact at the same offsets,
 * and appends the next record at the next offset. A restart of an empty log starts at 0.
 *
 * <p>A stage runs it by extending this class and implementing {@link #stage()}.
 */
public abstract class AbstractRestartContractTest extends AbstractStageTest {

    private static final int RECORDS_PER_RUN = 100;

    @Test
    public void acknowledgedRecordsSurviveARestart() throws Exception {
        List<StoredRecord> acked = runAndSend(0);

        try (Broker restarted = openBroker()) {
            assertLog("the log after a restart", readLog(restarted), acked);
        }
    }

    @Test
    public void appendsAfterARestartContinueAtTheNextOffset() throws Exception {
        List<StoredRecord> acked = new ArrayList<>(runAndSend(0));

        List<StoredRecord> afterRestart = runAndSend(1);

        assertOffsets("offsets acknowledged after the restart", offsetsOf(afterRestart), RECORDS_PER_RUN,
                RECORDS_PER_RUN);
        acked.addAll(afterRestart);
        try (Broker restartedAgain = openBroker()) {
            assertLog("the log after two restarts", readLog(restartedAgain), acked);
        }
    }

    @Test
    public void anEmptyLogRestartsAtOffsetZero() throws Exception {
        openBroker().close();

        List<StoredRecord> acked = runAndSend(0);

        assertThat(acked.get(0).offset()).as("first offset after restarting an empty log").isZero();
    }

    /** Starts a broker on the test's log directory, sends a run of records, closes both. */
    private List<StoredRecord> runAndSend(int producerId) throws Exception {
        try (Broker broker = openBroker(); Producer producer = connectProducer(broker)) {
            return sendRecords(producer, producerId, RECORDS_PER_RUN);
        }
    }
}
