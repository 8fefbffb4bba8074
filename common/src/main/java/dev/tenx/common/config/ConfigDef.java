package dev.tenx.common.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The definition of a set of configuration keys, in the style of Kafka's {@code ConfigDef}: each
 * key is defined once, with its type, default, validation and a doc string that states the
 * trade-off. {@link #parse} turns user properties into typed values and fails, naming the key,
 * on anything it does not know or cannot accept: configuration errors surface at start-up, not
 * in the middle of a benchmark.
 *
 * <p>A later stage extends an earlier stage's definition with {@link #ConfigDef(ConfigDef)}
 * and {@link #define}; it never redefines a key. Immutable after construction by convention:
 * define everything in a static initializer, then only read.
 */
public final class ConfigDef {

    /** Marks a key that has no default: it must be given. */
    public static final Object NO_DEFAULT = new Object() {
        @Override
        public String toString() {
            return "(required)";
        }
    };

    public enum Type {
        INT, LONG, BOOLEAN, STRING;

        Object parse(String name, Object value) {
            if (value == null) {
                throw new ConfigException(name + "=null: a value is required");
            }
            String text = value.toString().trim();
            try {
                return switch (this) {
                    case INT -> value instanceof Integer i ? i : Integer.valueOf(text);
                    case LONG -> value instanceof Number n && !(value instanceof Double) ? n.longValue() : Long.valueOf(text);
                    case BOOLEAN -> parseBoolean(name, text);
                    case STRING -> text;
                };
            } catch (NumberFormatException e) {
                throw new ConfigException(name + "=" + value + ": not a valid " + this.name().toLowerCase());
            }
        }

        private static Boolean parseBoolean(String name, String text) {
            if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                return Boolean.valueOf(text);
            }
            throw new ConfigException(name + "=" + text + ": not a valid boolean (true or false)");
        }
    }

    /** Checks a parsed value; throws {@link ConfigException} with {@code key=value} when it is bad. */
    @FunctionalInterface
    public interface Validator {
        void ensureValid(String name, Object value);
    }

    public record Key(String name, Type type, Object defaultValue, Validator validator, String doc) {
        public boolean required() {
            return defaultValue == NO_DEFAULT;
        }
    }

    private final Map<String, Key> keys = new LinkedHashMap<>();

    public ConfigDef() {}

    /** A definition holding every key of {@code base}, to which more keys can be added. */
    public ConfigDef(ConfigDef base) {
        keys.putAll(base.keys);
    }

    public ConfigDef define(String name, Type type, Object defaultValue, Validator validator, String doc) {
        Objects.requireNonNull(doc, "doc");
        if (keys.containsKey(name)) {
            throw new ConfigException("key=" + name + " is defined twice");
        }
        Key key = new Key(name, type, defaultValue, validator, doc);
        if (!key.required()) {
            validator.ensureValid(name, type.parse(name, defaultValue));
        }
        keys.put(name, key);
        return this;
    }

    public Map<String, Key> keys() {
        return Collections.unmodifiableMap(keys);
    }

    /**
     * Typed values for every defined key: the given value, or the default. Fails on the first
     * unknown key, missing required key or invalid value.
     */
    public Map<String, Object> parse(Map<String, ?> props) {
        for (String name : props.keySet()) {
            if (!keys.containsKey(name)) {
                throw new ConfigException("unknown config key=" + name + "; known keys: " + keys.keySet());
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Key key : keys.values()) {
            Object raw = props.containsKey(key.name()) ? props.get(key.name()) : key.defaultValue();
            if (raw == NO_DEFAULT) {
                throw new ConfigException("missing required config key=" + key.name() + ": " + key.doc());
            }
            Object value = key.type().parse(key.name(), raw);
            key.validator().ensureValid(key.name(), value);
            values.put(key.name(), value);
        }
        return values;
    }

    /** The keys as a Markdown table, for the READMEs: name, type, default, doc. */
    public String toMarkdownTable() {
        StringBuilder sb = new StringBuilder("| key | type | default | what it trades |\n|---|---|---|---|\n");
        for (Key k : keys.values()) {
            sb.append("| `").append(k.name()).append("` | ").append(k.type().name().toLowerCase())
                    .append(" | ").append(k.defaultValue()).append(" | ").append(k.doc()).append(" |\n");
        }
        return sb.toString();
    }

    // ---- validators ----

    /** Accepts any value. */
    public static Validator any() {
        return (name, value) -> { };
    }

    /** A number no smaller than {@code min}. */
    public static Validator atLeast(long min) {
        return between(min, Long.MAX_VALUE);
    }

    /** A number in {@code [min, max]}. */
    public static Validator between(long min, long max) {
        return (name, value) -> {
            long v = ((Number) value).longValue();
            if (v < min || v > max) {
                throw new ConfigException(name + "=" + value + ": must be "
                        + (max == Long.MAX_VALUE ? "at least " + min : "between " + min + " and " + max));
            }
        };
    }

    /** A non-empty string. */
    public static Validator nonEmpty() {
        return (name, value) -> {
            if (value.toString().isEmpty()) {
                throw new ConfigException(name + "=\"\": must not be empty");
            }
        };
    }

    /** One of the given strings. */
    public static Validator in(String... allowed) {
        List<String> list = List.of(allowed);
        return (name, value) -> {
            if (!list.contains(value.toString())) {
                throw new ConfigException(name + "=" + value + ": must be one of " + list);
            }
        };
    }

    /** A {@code host:port} address with a port in [0, 65535]; 0 asks the OS for a free port. */
    public static Validator hostPort() {
        return (name, value) -> HostPort.parse(name, value.toString());
    }
}
