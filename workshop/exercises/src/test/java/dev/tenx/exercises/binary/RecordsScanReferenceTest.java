package dev.tenx.exercises.binary;

import dev.tenx.common.wire.ProtobufCodec;
import dev.tenx.common.wire.RecordsValidator;

/** Exercise 3's tests on the binary stage's own scan, the protobuf codec's: the reference answer passes them. */
class RecordsScanReferenceTest extends RecordsScanExerciseContract {

    @Override
    protected RecordsValidator newValidator() {
        return ProtobufCodec.INSTANCE;
    }
}
