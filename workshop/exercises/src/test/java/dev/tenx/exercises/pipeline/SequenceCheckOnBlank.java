package dev.tenx.exercises.pipeline;

import dev.tenx.common.broker.ProduceHandler;
import dev.tenx.common.broker.RecordStore;

/**
 * Exercise 2's tests on a blank sequence check, which does nothing and answers null:
 * {@code ExercisesFailOnBlankTest} runs them and requires every one to fail. Not a test class of
 * its own: its name is not one the build runs.
 */
public final class SequenceCheckOnBlank extends SequenceCheckExerciseContract {

    @Override
    protected ProduceHandler newHandler(RecordStore store, ProduceHandler unchecked) {
        return batch -> null;
    }
}
