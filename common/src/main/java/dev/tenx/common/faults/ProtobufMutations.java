package dev.tenx.common.faults;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/**
 * Mutations that know protobuf's wire format: a field dropped, duplicated, moved, given another
 * wire type or another number, an unknown field added, a varint set to an edge value, and any of
 * these inside a nested message (a record, a counter). Each splits the body into its top-level
 * fields, changes them and writes them back. Stateless and thread-safe.
 */
public final class ProtobufMutations {

    private static final int MAX_FIELD_NUMBER = (1 << 29) - 1;
    /** 0 (never valid), the schema's numbers, 16 (the first with a two-byte tag), 99 (unknown) and the largest. */
    private static final int[] FIELD_NUMBERS = {0, 1, 2, 3, 4, 5, 15, 16, 99, MAX_FIELD_NUMBER};
    private static final int[] WIRE_TYPES = {WireFormat.WIRETYPE_VARINT, WireFormat.WIRETYPE_FIXED64,
            WireFormat.WIRETYPE_LENGTH_DELIMITED, WireFormat.WIRETYPE_START_GROUP, WireFormat.WIRETYPE_FIXED32};
    /** 99 is no error code; 2^31 does not fit an int32. */
    private static final long[] EDGE_VARINTS = {0, 1, -1, 99, 1L << (Integer.SIZE - 1), Long.MIN_VALUE, Long.MAX_VALUE};
    private static final int MAX_RANDOM_PAYLOAD_BYTES = 4;

    /** One top-level field as it travels: for a length-delimited one, the payload without its length. */
    public record Field(int number, int wireType, byte[] payload) {}

    /** A change to a list of fields; null when the list has nothing it can change. */
    private record FieldMutation(String name, BiFunction<List<Field>, SplittableRandom, List<Field>> change) {}

    /** What {@link #spoilNestedMessage} applies inside a nested message, too. */
    private static final List<FieldMutation> FIELD_MUTATIONS = List.of(
            new FieldMutation("drop a protobuf field", ProtobufMutations::dropField),
            new FieldMutation("duplicate a protobuf field", ProtobufMutations::duplicateField),
            new FieldMutation("move a protobuf field", ProtobufMutations::moveField),
            new FieldMutation("change a protobuf wire type", ProtobufMutations::changeWireType),
            new FieldMutation("change a protobuf field number", ProtobufMutations::changeFieldNumber),
            new FieldMutation("add an unknown protobuf field", ProtobufMutations::addUnknownField),
            new FieldMutation("set a protobuf varint to an edge value", ProtobufMutations::setVarintToAnEdge));

    public static final List<Mutation> ALL = Stream.concat(FIELD_MUTATIONS.stream(),
                    Stream.of(new FieldMutation("spoil a nested protobuf message", ProtobufMutations::spoilNestedMessage)))
            .map(mutation -> new Mutation(mutation.name(), onFields(mutation.change())))
            .toList();

    private ProtobufMutations() {}

    private static Mutation.Spoiler onFields(BiFunction<List<Field>, SplittableRandom, List<Field>> mutation) {
        return (body, donor, random) -> {
            List<Field> fields = parse(body);
            if (fields == null) {
                return null;
            }
            List<Field> mutated = mutation.apply(fields, random);
            return mutated == null ? null : write(mutated);
        };
    }

    private static List<Field> dropField(List<Field> fields, SplittableRandom random) {
        if (fields.isEmpty()) {
            return null;
        }
        fields.remove(random.nextInt(fields.size()));
        return fields;
    }

    private static List<Field> duplicateField(List<Field> fields, SplittableRandom random) {
        if (fields.isEmpty()) {
            return null;
        }
        fields.add(random.nextInt(fields.size() + 1), fields.get(random.nextInt(fields.size())));
        return fields;
    }

    private static List<Field> moveField(List<Field> fields, SplittableRandom random) {
        if (fields.isEmpty()) {
            return null;
        }
        Field moved = fields.remove(random.nextInt(fields.size()));
        fields.add(random.nextInt(fields.size() + 1), moved);
        return fields;
    }

    /** The new wire type gets a payload that fits it, so that the parser reads on past the field. */
    private static List<Field> changeWireType(List<Field> fields, SplittableRandom random) {
        if (fields.isEmpty()) {
            return null;
        }
        int at = random.nextInt(fields.size());
        Field old = fields.get(at);
        int wireType = old.wireType();
        while (wireType == old.wireType()) {
            wireType = WIRE_TYPES[random.nextInt(WIRE_TYPES.length)];
        }
        fields.set(at, new Field(old.number(), wireType, payloadFor(wireType, old.payload(), random)));
        return fields;
    }

    private static List<Field> changeFieldNumber(List<Field> fields, SplittableRandom random) {
        if (fields.isEmpty()) {
            return null;
        }
        int at = random.nextInt(fields.size());
        Field old = fields.get(at);
        fields.set(at, new Field(FIELD_NUMBERS[random.nextInt(FIELD_NUMBERS.length)], old.wireType(), old.payload()));
        return fields;
    }

    private static List<Field> addUnknownField(List<Field> fields, SplittableRandom random) {
        int wireType = WIRE_TYPES[random.nextInt(WIRE_TYPES.length)];
        int number = FIELD_NUMBERS[random.nextInt(FIELD_NUMBERS.length)];
        fields.add(random.nextInt(fields.size() + 1), new Field(number, wireType, payloadFor(wireType, new byte[0], random)));
        return fields;
    }

    private static List<Field> setVarintToAnEdge(List<Field> fields, SplittableRandom random) {
        List<Integer> varints = indicesOf(fields, WireFormat.WIRETYPE_VARINT);
        if (varints.isEmpty()) {
            return null;
        }
        int at = varints.get(random.nextInt(varints.size()));
        Field old = fields.get(at);
        fields.set(at, new Field(old.number(), old.wireType(), varint(EDGE_VARINTS[random.nextInt(EDGE_VARINTS.length)])));
        return fields;
    }

    /** One of the other mutations, inside a length-delimited field that itself parses as fields. */
    private static List<Field> spoilNestedMessage(List<Field> fields, SplittableRandom random) {
        List<Integer> nested = new ArrayList<>();
        for (int i : indicesOf(fields, WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
            List<Field> inner = parse(fields.get(i).payload());
            if (inner != null && !inner.isEmpty()) {
                nested.add(i);
            }
        }
        if (nested.isEmpty()) {
            return null;
        }
        int at = nested.get(random.nextInt(nested.size()));
        Field outer = fields.get(at);
        List<Field> inner = FIELD_MUTATIONS.get(random.nextInt(FIELD_MUTATIONS.size())).change()
                .apply(parse(outer.payload()), random);
        if (inner == null) {
            return null;
        }
        fields.set(at, new Field(outer.number(), outer.wireType(), write(inner)));
        return fields;
    }

    private static byte[] payloadFor(int wireType, byte[] old, SplittableRandom random) {
        return switch (wireType) {
            case WireFormat.WIRETYPE_VARINT -> varint(EDGE_VARINTS[random.nextInt(EDGE_VARINTS.length)]);
            case WireFormat.WIRETYPE_FIXED64 -> randomBytes(Long.BYTES, random);
            case WireFormat.WIRETYPE_FIXED32 -> randomBytes(Integer.BYTES, random);
            case WireFormat.WIRETYPE_LENGTH_DELIMITED -> old.length > 0 ? old
                    : randomBytes(random.nextInt(MAX_RANDOM_PAYLOAD_BYTES + 1), random);
            case WireFormat.WIRETYPE_START_GROUP -> new byte[0];
            default -> throw new IllegalArgumentException("not a wire type this class writes: wireType=" + wireType);
        };
    }

    private static List<Integer> indicesOf(List<Field> fields, int wireType) {
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).wireType() == wireType) {
                indices.add(i);
            }
        }
        return indices;
    }

    /** The body's top-level fields, or null when it is not a sequence of fields this class can split (groups included). */
    public static List<Field> parse(byte[] body) {
        CodedInputStream in = CodedInputStream.newInstance(body);
        List<Field> fields = new ArrayList<>();
        try {
            while (!in.isAtEnd()) {
                int tag = in.readTag();
                int wireType = WireFormat.getTagWireType(tag);
                byte[] payload = switch (wireType) {
                    case WireFormat.WIRETYPE_VARINT -> varint(in.readRawVarint64());
                    case WireFormat.WIRETYPE_FIXED64 -> in.readRawBytes(Long.BYTES);
                    case WireFormat.WIRETYPE_FIXED32 -> in.readRawBytes(Integer.BYTES);
                    case WireFormat.WIRETYPE_LENGTH_DELIMITED -> in.readByteArray();
                    default -> null;
                };
                if (payload == null) {
                    return null;
                }
                fields.add(new Field(WireFormat.getTagFieldNumber(tag), wireType, payload));
            }
        } catch (IOException e) {
            return null;
        }
        return fields;
    }

    public static byte[] write(List<Field> fields) {
        int size = 0;
        for (Field field : fields) {
            size += sizeOf(field);
        }
        byte[] bytes = new byte[size];
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            for (Field field : fields) {
                out.writeTag(field.number(), field.wireType());
                if (field.wireType() == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    out.writeUInt32NoTag(field.payload().length);
                }
                out.writeRawBytes(field.payload());
                if (field.wireType() == WireFormat.WIRETYPE_START_GROUP) {
                    out.writeTag(field.number(), WireFormat.WIRETYPE_END_GROUP);
                }
            }
            out.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write fields into an array sized for them: size=" + size, e);
        }
        return bytes;
    }

    private static int sizeOf(Field field) {
        int size = CodedOutputStream.computeTagSize(field.number()) + field.payload().length;
        if (field.wireType() == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
            size += CodedOutputStream.computeUInt32SizeNoTag(field.payload().length);
        } else if (field.wireType() == WireFormat.WIRETYPE_START_GROUP) {
            size += CodedOutputStream.computeTagSize(field.number());
        }
        return size;
    }

    private static byte[] varint(long value) {
        byte[] bytes = new byte[CodedOutputStream.computeUInt64SizeNoTag(value)];
        try {
            CodedOutputStream.newInstance(bytes).writeUInt64NoTag(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a varint into an array sized for it: value=" + value, e);
        }
        return bytes;
    }

    private static byte[] randomBytes(int length, SplittableRandom random) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
