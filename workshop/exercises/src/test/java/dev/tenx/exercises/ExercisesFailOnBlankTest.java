package dev.tenx.exercises;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenx.exercises.backpressure.MemoryWaitOnBlank;
import dev.tenx.exercises.batching.ReadyCheckOnBlank;
import dev.tenx.exercises.binary.RecordsScanOnBlank;
import dev.tenx.exercises.pipeline.SequenceCheckOnBlank;
import dev.tenx.exercises.sequential.GroupCommitOnBlank;
import dev.tenx.exercises.zerocopy.SendfileOnBlank;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Each exercise's tests fail until the exercise is done: run on a blank implementation, whose
 * methods do nothing and return zero, false or null, every one of them fails. They run through
 * the JUnit Platform launcher, as the build runs tests, with the same configuration (Netty's leak
 * check included). The blanks live here, in test code; the participants' classes are not
 * involved, so that solving an exercise can never break this test. The same tests pass on each
 * stage's own implementation: the {@code ...ReferenceTest} classes.
 */
class ExercisesFailOnBlankTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(classes = {ReadyCheckOnBlank.class, SequenceCheckOnBlank.class, RecordsScanOnBlank.class,
            GroupCommitOnBlank.class, SendfileOnBlank.class, MemoryWaitOnBlank.class})
    void everyTestOfAnExerciseFailsOnABlankImplementation(Class<?> onBlank) {
        Class<?> contract = onBlank.getSuperclass();
        List<String> tests = testMethodsOf(contract);
        Outcomes outcomes = run(onBlank);

        assertThat(tests).as("the tests %s declares", contract.getSimpleName()).isNotEmpty();
        assertThat(outcomes.passed).as("tests of %s that pass on a blank implementation: each must fail until "
                + "the exercise is done", contract.getSimpleName()).isEmpty();
        assertThat(outcomes.skipped).as("tests of %s skipped or aborted on a blank implementation",
                contract.getSimpleName()).isEmpty();
        assertThat(outcomes.failed).as("tests of %s that fail on a blank implementation", contract.getSimpleName())
                .containsExactlyInAnyOrderElementsOf(tests);
    }

    @Test
    void aTestThatPassesIsSeenToPass() {
        Outcomes outcomes = run(PassesOnce.class);

        assertThat(outcomes.passed).as("what this check sees of a test that passes").containsExactly("passes");
        assertThat(outcomes.failed).as("what it sees failing").isEmpty();
    }

    /** A class whose one test passes, for {@link #aTestThatPassesIsSeenToPass}; not run by the build by itself. */
    static final class PassesOnce {
        @Test
        void passes() {
        }
    }

    private static List<String> testMethodsOf(Class<?> contract) {
        return Arrays.stream(contract.getDeclaredMethods()).filter(m -> m.isAnnotationPresent(Test.class))
                .map(Method::getName).sorted().toList();
    }

    private static Outcomes run(Class<?> testClass) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass(testClass))
                // as the build runs every test class: Netty's leak check after each (see the parent pom)
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
                .build();
        Outcomes outcomes = new Outcomes();
        LauncherFactory.create().execute(request, outcomes);
        return outcomes;
    }

    /** Each test's outcome, by method name. Called by the launcher on the thread that runs the tests. */
    private static final class Outcomes implements TestExecutionListener {

        final List<String> passed = new ArrayList<>();
        final List<String> failed = new ArrayList<>();
        final List<String> skipped = new ArrayList<>();

        @Override
        public void executionSkipped(TestIdentifier test, String reason) {
            skipped.add(test.getDisplayName() + ": " + reason);
        }

        @Override
        public void executionFinished(TestIdentifier test, TestExecutionResult result) {
            if (!test.isTest()) {
                return;
            }
            String name = test.getSource().filter(MethodSource.class::isInstance).map(MethodSource.class::cast)
                    .map(MethodSource::getMethodName).orElse(test.getDisplayName());
            switch (result.getStatus()) {
                case SUCCESSFUL -> passed.add(name);
                case FAILED -> failed.add(name);
                case ABORTED -> skipped.add(name + ": aborted");
            }
        }
    }
}
