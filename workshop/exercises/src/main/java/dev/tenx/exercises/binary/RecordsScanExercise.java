package dev.tenx.exercises.binary;

import dev.tenx.common.wire.RecordsValidator;
import io.netty.buffer.ByteBuf;

/**
 * Exercise 3, binary encoding: the broker's scan of a produce request's records. With protobuf
 * the broker never decodes a record: it walks the bytes by their tags and lengths, checks that
 * each record is well formed and lies inside the frame, and stores the bytes as they came. Write
 * {@link #validateRecords} so that {@code RecordsScanExerciseTest} passes.
 *
 * <p>The layout ({@code common/src/main/java/dev/tenx/common/wire/RecordsDescriptor.java}): the
 * records part is record after record, each {@code 7A len LogRecord}, and a {@code LogRecord} of
 * {@code len} bytes is {@code 0A klen key}, {@code 12 vlen value}, {@code 18 timestamp} in any
 * order. A varint carries seven bits a byte, low bits first; a byte's top bit says another
 * follows; ten bytes at most. A tag is a varint: {@code field number << 3 | wire type}.
 *
 * <p>The rules: return the number of records; throw
 * {@code new ProtocolException(ErrorCode.CORRUPT_MESSAGE, "...")} at the first of these:
 * <ul>
 *   <li>a tag that is not a record's ({@code 7A}) between records (a batch header, {@code 72},
 *       included: a producer sends records only);
 *   <li>a varint cut off by the end of the frame, or longer than ten bytes;
 *   <li>a length that runs past the end of the frame (the buffer's writer index, not its
 *       capacity), or a field that runs past the end of its record;
 *   <li>in a record, a field number 0, a field other than key, value and timestamp, one of them
 *       with another wire type, one of them twice, or one of them missing.
 * </ul>
 * Read from the buffer's reader index to its writer index and move neither: the store writes
 * these very bytes once they have passed. Copy nothing and build no record: the test counts the
 * bytes the scan allocates. The buffer may be direct (no {@code array()}).
 *
 * <p>How: {@code ByteBuf.getByte(index)} and a position you keep are all it takes. Change only
 * this file. Run
 * {@code ./mvnw -pl workshop/exercises -am test -Pexercises -Dtest=RecordsScanExerciseTest}.
 * The stage's own answer, to read once yours passes: {@code ProtobufRecords.validate} and
 * {@code ProtobufReader} in {@code common/src/main/java/dev/tenx/common/wire/}, which the binary
 * stage plugs in as its codec ({@code ProtobufCodec.validateRecords}).
 *
 * <p>Stateless; thread-safe.
 */
public final class RecordsScanExercise implements RecordsValidator {

    @Override
    public int validateRecords(ByteBuf records) {
        throw new UnsupportedOperationException("exercise: validateRecords is not written yet: scan the "
                + records.readableBytes() + " bytes from readerIndex=" + records.readerIndex()
                + " record by record (7A len, then 0A key, 12 value, 18 timestamp) and count them");
    }
}
