package dev.tenx.exercises.zerocopy;

import dev.tenx.common.broker.ResponseWriter;
import org.junit.jupiter.api.Tag;

/** Exercise 5's tests on the participant's response writer; run with {@code -Pexercises} (see the README). */
@Tag("exercise")
class SendfileExerciseTest extends SendfileExerciseContract {

    @Override
    protected ResponseWriter newWriter() {
        return new SendfileExercise();
    }
}
