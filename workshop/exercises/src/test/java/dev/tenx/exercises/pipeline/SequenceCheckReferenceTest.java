package dev.tenx.exercises.pipeline;

import dev.tenx.common.broker.ProduceHandler;
import dev.tenx.common.broker.RecordStore;
import dev.tenx.pipeline.IdempotentProduceHandler;

/** Exercise 2's tests on the stage's own sequence check: the reference answer passes them. */
class SequenceCheckReferenceTest extends SequenceCheckExerciseContract {

    @Override
    protected ProduceHandler newHandler(RecordStore store, ProduceHandler unchecked) {
        return new IdempotentProduceHandler(store, unchecked);
    }
}
