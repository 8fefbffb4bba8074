package dev.tenx.exercises.pipeline;

import dev.tenx.common.broker.ProduceHandler;
import dev.tenx.common.broker.RecordStore;
import org.junit.jupiter.api.Tag;

/** Exercise 2's tests on the participant's sequence check; run with {@code -Pexercises} (see the README). */
@Tag("exercise")
class SequenceCheckExerciseTest extends SequenceCheckExerciseContract {

    @Override
    protected ProduceHandler newHandler(RecordStore store, ProduceHandler unchecked) {
        return new SequenceCheckExercise(store, unchecked);
    }
}
