package dev.tenx.exercises.sequential;

import dev.tenx.sequential.Flusher;
import dev.tenx.sequential.GroupCommit;

/** Exercise 4's tests on the stage's own group commit: the reference answer passes them. */
class GroupCommitReferenceTest extends GroupCommitExerciseContract {

    @Override
    protected Flusher newFlusher(Flusher.Flushable log, long recoveredEnd) {
        return new GroupCommit(log, recoveredEnd);
    }
}
