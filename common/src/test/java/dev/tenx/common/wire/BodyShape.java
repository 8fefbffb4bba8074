package dev.tenx.common.wire;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tenx.common.faults.ProtobufMutations;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which fields a body has, at its top level and in each of its records, in the body's own terms:
 * property names in JSON, field numbers with their wire types in protobuf. Values do not count,
 * nor does how often a field appears. A codec that decodes a body to a message whose canonical
 * encoding has another shape has ignored a field the body has, or made up one it lacks.
 * Immutable.
 */
record BodyShape(Set<String> fields, List<Set<String>> records) {

    /**
     * Lets a raw control character through in a string, as JsonCodec does in a key or a value:
     * Jackson's base64 decoding skips anything up to a space inside one. A shape is about fields.
     */
    private static final ObjectMapper TREES = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
            .build();
    private static final String JSON_RECORDS = "records";
    private static final int PROTOBUF_RECORDS_FIELD = dev.tenx.common.wire.proto.ProduceRequest.RECORDS_FIELD_NUMBER;
    /** A fetch response's stored batch headers, which decoders skip by design (RecordsDescriptor): not part of a shape. */
    private static final int PROTOBUF_BATCH_HEADERS_FIELD =
            dev.tenx.common.wire.proto.FetchResponse.BATCH_HEADERS_FIELD_NUMBER;

    /** The shape of {@code body}, or null when it is no JSON object or no sequence of protobuf fields. */
    static BodyShape of(Encoding encoding, byte[] body) {
        return switch (encoding) {
            case JSON -> ofJson(body);
            case PROTOBUF -> ofProtobuf(body);
        };
    }

    private static BodyShape ofJson(byte[] body) {
        JsonNode root;
        try {
            root = TREES.readTree(body);
        } catch (IOException e) {
            return null;
        }
        if (root == null || !root.isObject()) {
            return null;
        }
        List<Set<String>> records = new ArrayList<>();
        for (JsonNode record : root.path(JSON_RECORDS)) {
            records.add(names(record));
        }
        return new BodyShape(names(root), records);
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static BodyShape ofProtobuf(byte[] body) {
        List<ProtobufMutations.Field> fields = ProtobufMutations.parse(body);
        if (fields == null) {
            return null;
        }
        fields = fields.stream().filter(f -> f.number() != PROTOBUF_BATCH_HEADERS_FIELD).toList();
        List<Set<String>> records = new ArrayList<>();
        for (ProtobufMutations.Field field : fields) {
            if (field.number() == PROTOBUF_RECORDS_FIELD) {
                List<ProtobufMutations.Field> inner = ProtobufMutations.parse(field.payload());
                records.add(inner == null ? null : kinds(inner));
            }
        }
        return new BodyShape(kinds(fields), records);
    }

    private static Set<String> kinds(List<ProtobufMutations.Field> fields) {
        Set<String> kinds = new TreeSet<>();
        for (ProtobufMutations.Field field : fields) {
            kinds.add(field.number() + "/" + field.wireType());
        }
        return kinds;
    }
}
