package dev.tenx.naive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.tenx.common.contract.AbstractPowerLossContractTest;
import dev.tenx.common.contract.AbstractRoundTripContractTest;
import dev.tenx.common.spi.AssembledStage;
import dev.tenx.common.spi.Stage;
import dev.tenx.naive.TinyLogStore.Flaw;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * A test of the contract suite itself: does it fail a store that breaks the durability contract?
 * Stage 0 with one part swapped, its store for a {@link TinyLogStore}, honest or with one
 * {@link Flaw}, runs contracts of the suite through the JUnit launcher, and the outcome is
 * checked here. The honest store passes them, so a failure is the flaw's doing.
 * <ul>
 *   <li>A store that acknowledges before its fsync fails every contract on
 *       {@code acks.before.durable}, which the suite checks after each test, the round trip's
 *       first test among them; and the power-loss contract, which checks the same of the store
 *       alone, its durable end once {@code durable} completed.
 *   <li>A store whose durable end runs ahead of the disk keeps the broker's own check quiet
 *       (the end it reads covers every acknowledgement): only the power-loss contract sees it.
 *   <li>A store that never forces the directory of the file it created loses the file to a power
 *       loss, forced contents and all: the power-loss contract sees it.
 * </ul>
 * The contracts below are static nested classes, which Surefire does not run on their own.
 */
class ContractSuiteSelfTest {

    /** One test is enough: the suite checks {@code acks.before.durable} after every test. */
    private static final String ROUND_TRIP_TEST = "everyAcknowledgedRecordReadsBackByteExactInOffsetOrder";

    @Test
    void theHonestTinyStorePassesTheRoundTripAndPowerLossContracts() {
        assertPasses(selectMethod(HonestRoundTrip.class, ROUND_TRIP_TEST));
        assertPasses(selectClass(HonestPowerLoss.class));
    }

    @Test
    void aStoreThatAcknowledgesBeforeForcingFailsTheRoundTripOnAcksBeforeDurable() {
        assertThat(failuresOf(selectMethod(AcknowledgesBeforeForcingRoundTrip.class, ROUND_TRIP_TEST)))
                .as("why the round-trip contract failed a store that acknowledges before forcing")
                .anySatisfy(failure -> assertThat(failure).contains("acks.before.durable"));
    }

    @Test
    void aStoreThatAcknowledgesBeforeForcingFailsThePowerLossContractOnItsDurableEnd() {
        assertThat(failuresOf(selectClass(AcknowledgesBeforeForcingPowerLoss.class)))
                .as("why the power-loss contract failed a store that acknowledges before forcing")
                .anySatisfy(failure -> assertThat(failure).contains("the durable end once durable("));
    }

    @Test
    void aStoreWhoseDurableEndRunsAheadOfTheDiskFailsThePowerLossContract() {
        assertLosesAcknowledgedRecords(selectClass(DurableEndAheadPowerLoss.class));
    }

    @Test
    void aStoreThatSkipsTheDirectoryForceFailsThePowerLossContract() {
        assertLosesAcknowledgedRecords(selectClass(SkipsTheDirectoryForcePowerLoss.class));
    }

    private static void assertPasses(DiscoverySelector contract) {
        TestExecutionSummary summary = run(contract);
        assertThat(messagesOf(summary)).as("failures of %s with the honest tiny store", contract).isEmpty();
        assertThat(summary.getTestsSucceededCount()).as("tests of %s that passed", contract).isPositive();
    }

    private static void assertLosesAcknowledgedRecords(DiscoverySelector contract) {
        assertThat(failuresOf(contract)).as("why %s failed", contract)
                .anySatisfy(failure -> assertThat(failure).contains("power lost after", "acknowledged"));
    }

    private static List<String> failuresOf(DiscoverySelector contract) {
        List<String> failures = messagesOf(run(contract));
        assertThat(failures).as("failures of %s with a flawed store", contract).isNotEmpty();
        return failures;
    }

    private static TestExecutionSummary run(DiscoverySelector contract) {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(contract).build(), listener);
        return listener.getSummary();
    }

    private static List<String> messagesOf(TestExecutionSummary summary) {
        return summary.getFailures().stream().map(f -> describe(f.getException())).toList();
    }

    /** A failure with what it suppressed: a check after the test, such as the suite's, is suppressed by the test's own. */
    private static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder(String.valueOf(failure));
        for (Throwable suppressed : failure.getSuppressed()) {
            text.append(System.lineSeparator()).append("suppressed: ").append(describe(suppressed));
        }
        return text.toString();
    }

    /** Stage 0 with its store swapped for the tiny one. */
    private static Stage withTinyStore(Flaw flaw) {
        return new AssembledStage(NaiveStage.PARTS
                .named("stage0-tiny-store", 0, "stage 0 over a tiny group-commit store: " + flaw)
                .withBroker(b -> b.withStore(TinyLogStore.factory(flaw)))) {
        };
    }

    static class HonestRoundTrip extends AbstractRoundTripContractTest {
        @Override
        protected Stage stage() {
            return withTinyStore(Flaw.NONE);
        }
    }

    static class HonestPowerLoss extends AbstractPowerLossContractTest {
        @Override
        protected Stage stage() {
            return withTinyStore(Flaw.NONE);
        }
    }

    static class AcknowledgesBeforeForcingRoundTrip extends AbstractRoundTripContractTest {
        @Override
        protected Stage stage() {
            return withTinyStore(Flaw.ACKNOWLEDGES_BEFORE_FORCING);
        }
    }

    static class AcknowledgesBeforeForcingPowerLoss extends AbstractPowerLossContractTest {
        @Override
        protected Stage stage() {
            return withTinyStore(Flaw.ACKNOWLEDGES_BEFORE_FORCING);
        }
    }

    static class DurableEndAheadPowerLoss extends AbstractPowerLossContractTest {
        @Override
        protected Stage stage() {
            return withTinyStore(Flaw.DURABLE_END_AHEAD_OF_THE_DISK);
        }
    }

    static class SkipsTheDirectoryForcePowerLoss extends AbstractPowerLossContractTest {
        @Override
        protected Stage stage() {
            return withTinyStore(Flaw.SKIPS_THE_DIRECTORY_FORCE);
        }
    }
}
