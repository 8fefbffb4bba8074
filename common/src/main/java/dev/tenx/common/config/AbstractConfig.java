package dev.tenx.common.config;

import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.Map;

/**
 * Parsed, validated configuration values for one {@link ConfigDef}. Construction fails with a
 * {@link ConfigException} naming the key. Immutable; thread-safe.
 */
public abstract class AbstractConfig {

    private final Map<String, Object> values;

    protected AbstractConfig(ConfigDef definition, Map<String, ?> props) {
        this.values = Collections.unmodifiableMap(definition.parse(props));
    }

    public int getInt(String key) {
        return (Integer) get(key);
    }

    public long getLong(String key) {
        return (Long) get(key);
    }

    public boolean getBoolean(String key) {
        return (Boolean) get(key);
    }

    public String getString(String key) {
        return (String) get(key);
    }

    /** A {@code host:port} value as an unresolved address. */
    public InetSocketAddress getAddress(String key) {
        return HostPort.parse(key, getString(key));
    }

    /** Every key with its value, defaults included: what a result file records as "settings". */
    public Map<String, Object> values() {
        return values;
    }

    private Object get(String key) {
        if (!values.containsKey(key)) {
            throw new ConfigException("key=" + key + " is not defined for " + getClass().getSimpleName());
        }
        return values.get(key);
    }
}
