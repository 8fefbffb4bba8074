package dev.tenx.common.spi;

import dev.tenx.common.config.ConfigDef;
import java.util.Map;

/** How a stage builds its consumer: the keys it accepts, and the factory that reads them. Immutable. */
public record ConsumerParts(ConfigDef config, Factory factory) {

    /** A connected consumer at offset 0 from {@code props} (checked against {@link #config()}) and the stage's parts. */
    @FunctionalInterface
    public interface Factory {
        Consumer create(Map<String, ?> props, StageParts parts);
    }
}
