package dev.tenx.exercises.binary;

import dev.tenx.common.wire.RecordsValidator;

/**
 * Exercise 3's tests on a blank scan, which reads nothing and counts 0 records:
 * {@code ExercisesFailOnBlankTest} runs them and requires every one to fail. Not a test class of
 * its own: its name is not one the build runs.
 */
public final class RecordsScanOnBlank extends RecordsScanExerciseContract {

    @Override
    protected RecordsValidator newValidator() {
        return records -> 0;
    }
}
