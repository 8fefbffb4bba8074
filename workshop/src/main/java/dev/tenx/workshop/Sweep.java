package dev.tenx.workshop;

import dev.tenx.common.config.ConfigException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code sweep} knob, parsed: stage keys and the values each takes, as in
 * {@code batch.size=1024,16384;linger.ms=0,5}. A lab run measures every combination (the cross
 * product of the lists), so that one technique's knobs can be read against each other on one
 * machine in one run. Syntax only: whether a key and its values suit a stage is checked by
 * {@link RunSettings} against the stages' ConfigDefs.
 *
 * <p>Immutable.
 *
 * @param values each swept key and its values, in the order given
 */
public record Sweep(Map<String, List<String>> values) {

    public static final Sweep NONE = new Sweep(Map.of());

    private static final String KEY_SEPARATOR = ";";
    private static final String VALUE_SEPARATOR = ",";

    /** Parses {@code text}; fails with {@code name=text} and what is wrong. Blank text is {@link #NONE}. */
    public static Sweep parse(String name, String text) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (String part : text.split(KEY_SEPARATOR)) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            String key = eq < 0 ? "" : part.substring(0, eq).trim();
            if (key.isEmpty()) {
                throw new ConfigException(name + "=" + text + ": expected key=v1,v2;key=v1,v2, got '" + part.trim() + "'");
            }
            List<String> list = splitValues(name, text, key, part.substring(eq + 1));
            if (values.put(key, list) != null) {
                throw new ConfigException(name + "=" + text + ": key=" + key + " is swept twice");
            }
        }
        return values.isEmpty() ? NONE : new Sweep(Collections.unmodifiableMap(values));
    }

    private static List<String> splitValues(String name, String text, String key, String list) {
        List<String> values = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String value : list.split(VALUE_SEPARATOR)) {
            String v = value.trim();
            if (v.isEmpty()) {
                continue;
            }
            if (!seen.add(v)) {
                throw new ConfigException(name + "=" + text + ": " + key + "=" + v + " is listed twice");
            }
            values.add(v);
        }
        if (values.isEmpty()) {
            throw new ConfigException(name + "=" + text + ": key=" + key + " has no value");
        }
        return List.copyOf(values);
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /**
     * Every combination of the swept keys among {@code definedKeys}, the first key varying
     * slowest; one empty combination when none is defined there, so that a stage the sweep
     * does not concern still runs once.
     */
    public List<Map<String, String>> combinations(Collection<String> definedKeys) {
        List<Map<String, String>> combinations = List.of(Map.of());
        for (Map.Entry<String, List<String>> swept : values.entrySet()) {
            if (!definedKeys.contains(swept.getKey())) {
                continue;
            }
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : combinations) {
                for (String value : swept.getValue()) {
                    Map<String, String> combination = new LinkedHashMap<>(partial);
                    combination.put(swept.getKey(), value);
                    next.add(Collections.unmodifiableMap(combination));
                }
            }
            combinations = next;
        }
        return combinations;
    }
}
