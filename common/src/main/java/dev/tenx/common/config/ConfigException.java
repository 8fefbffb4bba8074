package dev.tenx.common.config;

/** A configuration that cannot be used: an unknown key, a missing one, or a bad value. */
public class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
