package dev.tenx.common.faults;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Mutations that know JSON: any value, the whole body included, replaced by a null, an array, a
 * string, an odd number or another value of the same body; a field dropped, added or renamed; an
 * array element inserted or dropped. Each parses the body into a tree, changes one node and
 * writes the tree back. Stateless and thread-safe.
 */
public final class JsonMutations {

    private static final ObjectMapper TREES = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Every field name of the schema, so that a renamed or added field is often a known one in the wrong place. */
    private static final List<String> FIELD_NAMES = List.of("producerId", "baseSequence", "records", "key", "value",
            "timestampMs", "errorCode", "errorMessage", "baseOffset", "logEndOffset", "offset", "maxRecords",
            "maxBytes", "counters", "extra");
    private static final BigInteger TWO_TO_THE_64 = BigInteger.ONE.shiftLeft(Long.SIZE);
    private static final double HUGE_DOUBLE = 1e300;
    private static final double FRACTION = 1.5;

    public static final List<Mutation> ALL = List.of(
            new Mutation("replace the whole JSON body by an odd value", JsonMutations::replaceBody),
            new Mutation("replace a JSON value by an odd one", JsonMutations::replaceByOddValue),
            new Mutation("replace a JSON value by another of the body", JsonMutations::replaceByOtherValue),
            new Mutation("drop a JSON field", JsonMutations::dropField),
            new Mutation("add or rename a JSON field", JsonMutations::addOrRenameField),
            new Mutation("insert into a JSON array", JsonMutations::insertIntoArray),
            new Mutation("drop from a JSON array", JsonMutations::dropFromArray));

    private JsonMutations() {}

    /** Where a value sits: in an object under a name, in an array at an index, or at the root. */
    private record Slot(JsonNode container, String name, int index) {

        static final Slot ROOT = new Slot(null, null, -1);

        JsonNode get(JsonNode root) {
            if (container == null) {
                return root;
            }
            return name != null ? container.get(name) : container.get(index);
        }

        /** The root after {@code value} is put here. */
        JsonNode put(JsonNode root, JsonNode value) {
            if (container == null) {
                return value;
            }
            if (name != null) {
                ((ObjectNode) container).set(name, value);
            } else {
                ((ArrayNode) container).set(index, value);
            }
            return root;
        }
    }

    /** Whatever the body was: a body of {@code null} is what issue 14 was about. */
    private static byte[] replaceBody(byte[] body, byte[] donor, SplittableRandom random) {
        return write(oddValue(random));
    }

    private static byte[] replaceByOddValue(byte[] body, byte[] donor, SplittableRandom random) {
        JsonNode root = parse(body);
        if (root == null) {
            return null;
        }
        Slot slot = pick(slots(root), random);
        return write(slot.put(root, oddValue(random)));
    }

    private static byte[] replaceByOtherValue(byte[] body, byte[] donor, SplittableRandom random) {
        JsonNode root = parse(body);
        if (root == null) {
            return null;
        }
        List<Slot> slots = slots(root);
        JsonNode other = pick(slots, random).get(root).deepCopy();
        return write(pick(slots, random).put(root, other));
    }

    private static byte[] dropField(byte[] body, byte[] donor, SplittableRandom random) {
        JsonNode root = parse(body);
        List<ObjectNode> objects = root == null ? List.of() : containers(root, ObjectNode.class);
        List<ObjectNode> withFields = objects.stream().filter(o -> !o.isEmpty()).toList();
        if (withFields.isEmpty()) {
            return null;
        }
        ObjectNode object = pick(withFields, random);
        object.remove(pick(fieldNames(object), random));
        return write(root);
    }

    private static byte[] addOrRenameField(byte[] body, byte[] donor, SplittableRandom random) {
        JsonNode root = parse(body);
        List<ObjectNode> objects = root == null ? List.of() : containers(root, ObjectNode.class);
        if (objects.isEmpty()) {
            return null;
        }
        ObjectNode object = pick(objects, random);
        JsonNode value = oddValue(random);
        if (!object.isEmpty() && random.nextBoolean()) {
            value = object.remove(pick(fieldNames(object), random));
        }
        object.set(pick(FIELD_NAMES, random), value);
        return write(root);
    }

    private static byte[] insertIntoArray(byte[] body, byte[] donor, SplittableRandom random) {
        JsonNode root = parse(body);
        List<ArrayNode> arrays = root == null ? List.of() : containers(root, ArrayNode.class);
        if (arrays.isEmpty()) {
            return null;
        }
        ArrayNode array = pick(arrays, random);
        JsonNode element = !array.isEmpty() && random.nextBoolean()
                ? array.get(random.nextInt(array.size())).deepCopy() : oddValue(random);
        array.insert(random.nextInt(array.size() + 1), element);
        return write(root);
    }

    private static byte[] dropFromArray(byte[] body, byte[] donor, SplittableRandom random) {
        JsonNode root = parse(body);
        List<ArrayNode> arrays = root == null ? List.of()
                : containers(root, ArrayNode.class).stream().filter(a -> !a.isEmpty()).toList();
        if (arrays.isEmpty()) {
            return null;
        }
        ArrayNode array = pick(arrays, random);
        array.remove(random.nextInt(array.size()));
        return write(root);
    }

    private static JsonNode oddValue(SplittableRandom random) {
        List<JsonNode> values = List.of(NODES.nullNode(), NODES.arrayNode(), NODES.arrayNode().addNull(),
                NODES.objectNode(), NODES.textNode(""), NODES.textNode("x"), NODES.textNode("AAAA"),
                NODES.textNode("NONE"), NODES.textNode("7"), NODES.textNode("\ud800"), NODES.numberNode(0),
                NODES.numberNode(-1), NODES.numberNode(Long.MAX_VALUE), NODES.numberNode(TWO_TO_THE_64),
                NODES.numberNode(FRACTION), NODES.numberNode(HUGE_DOUBLE), NODES.booleanNode(true));
        return pick(values, random);
    }

    /** Every place a value sits, the root first, in document order. */
    private static List<Slot> slots(JsonNode root) {
        List<Slot> slots = new ArrayList<>();
        slots.add(Slot.ROOT);
        addSlotsBelow(root, slots);
        return slots;
    }

    private static void addSlotsBelow(JsonNode node, List<Slot> slots) {
        if (node.isObject()) {
            for (String name : fieldNames(node)) {
                slots.add(new Slot(node, name, -1));
                addSlotsBelow(node.get(name), slots);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                slots.add(new Slot(node, null, i));
                addSlotsBelow(node.get(i), slots);
            }
        }
    }

    private static <T extends JsonNode> List<T> containers(JsonNode root, Class<T> kind) {
        List<T> found = new ArrayList<>();
        for (Slot slot : slots(root)) {
            JsonNode node = slot.get(root);
            if (kind.isInstance(node)) {
                found.add(kind.cast(node));
            }
        }
        return found;
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static <T> T pick(List<T> from, SplittableRandom random) {
        return from.get(random.nextInt(from.size()));
    }

    /** The body as a tree, or null when it is not one JSON value. */
    private static JsonNode parse(byte[] body) {
        try {
            JsonNode root = TREES.readTree(body);
            return root == null || root.isMissingNode() ? null : root;
        } catch (IOException e) {
            return null;
        }
    }

    private static byte[] write(JsonNode root) {
        try {
            return TREES.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write a JSON tree back: " + root, e);
        }
    }
}
