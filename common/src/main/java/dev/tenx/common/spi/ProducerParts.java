package dev.tenx.common.spi;

import dev.tenx.common.config.ConfigDef;
import java.util.Map;

/** How a stage builds its producer: the keys it accepts, and the factory that reads them. Immutable. */
public record ProducerParts(ConfigDef config, Factory factory) {

    /** A connected producer from {@code props} (checked against {@link #config()}) and the stage's parts. */
    @FunctionalInterface
    public interface Factory {
        Producer create(Map<String, ?> props, StageParts parts);
    }
}
