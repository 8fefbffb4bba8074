package dev.tenx.exercises.zerocopy;

import dev.tenx.common.broker.ResponseWriter;
import dev.tenx.zerocopy.ZeroCopyResponseWriter;

/** Exercise 5's tests on the stage's own response writer: the reference answer passes them. */
class SendfileReferenceTest extends SendfileExerciseContract {

    @Override
    protected ResponseWriter newWriter() {
        return new ZeroCopyResponseWriter();
    }
}
