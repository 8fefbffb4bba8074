package dev.tenx.exercises.sequential;

import dev.tenx.sequential.Flusher;
import java.io.IOException;
import java.util.concurrent.CompletionStage;

/**
 * Exercise 4's tests on a blank flusher, whose methods do nothing and return 0 or null:
 * {@code ExercisesFailOnBlankTest} runs them and requires every one to fail. Not a test class of
 * its own: its name is not one the build runs.
 */
public final class GroupCommitOnBlank extends GroupCommitExerciseContract {

    @Override
    protected Flusher newFlusher(Flusher.Flushable log, long recoveredEnd) {
        return new Flusher() {
            @Override
            public long durableEnd() {
                return 0;
            }

            @Override
            public void written(long endOffset) {
            }

            @Override
            public CompletionStage<Void> durable(long endOffset) {
                return null;
            }

            @Override
            public void run() {
            }

            @Override
            public void fail(IOException e) {
            }

            @Override
            public IOException failure() {
                return null;
            }

            @Override
            public void close() {
            }
        };
    }
}
