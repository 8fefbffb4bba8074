package dev.tenx.exercises.sequential;

import dev.tenx.sequential.Flusher;
import org.junit.jupiter.api.Tag;

/** Exercise 4's tests on the participant's group commit; run with {@code -Pexercises} (see the README). */
@Tag("exercise")
class GroupCommitExerciseTest extends GroupCommitExerciseContract {

    @Override
    protected Flusher newFlusher(Flusher.Flushable log, long recoveredEnd) {
        return new GroupCommitExercise(log, recoveredEnd);
    }
}
