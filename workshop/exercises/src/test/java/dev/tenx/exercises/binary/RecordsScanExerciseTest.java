package dev.tenx.exercises.binary;

import dev.tenx.common.wire.RecordsValidator;
import org.junit.jupiter.api.Tag;

/** Exercise 3's tests on the participant's scan; run with {@code -Pexercises} (see the README). */
@Tag("exercise")
class RecordsScanExerciseTest extends RecordsScanExerciseContract {

    @Override
    protected RecordsValidator newValidator() {
        return new RecordsScanExercise();
    }
}
