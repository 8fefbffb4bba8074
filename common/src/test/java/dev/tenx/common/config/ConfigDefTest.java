package dev.tenx.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link ConfigDef}: typed values from strings or objects, defaults filled in, and every
 * mistake refused with a {@link ConfigException} whose message says {@code key=value}.
 */
class ConfigDefTest {

    private static final ConfigDef DEF = new ConfigDef()
            .define("count", ConfigDef.Type.INT, 3, ConfigDef.between(1, 10), "an int in [1, 10]")
            .define("size", ConfigDef.Type.LONG, 5_000_000_000L, ConfigDef.atLeast(0), "a long")
            .define("enabled", ConfigDef.Type.BOOLEAN, false, ConfigDef.any(), "a boolean")
            .define("mode", ConfigDef.Type.STRING, "fast", ConfigDef.in("fast", "safe"), "one of two")
            .define("address", ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT, ConfigDef.hostPort(), "required");

    @Test
    void defaultsFillEveryKeyNotGiven() {
        Map<String, Object> values = DEF.parse(Map.of("address", "127.0.0.1:9092"));

        assertThat(values).containsExactly(
                Map.entry("count", 3), Map.entry("size", 5_000_000_000L), Map.entry("enabled", false),
                Map.entry("mode", "fast"), Map.entry("address", "127.0.0.1:9092"));
    }

    @Test
    void stringsParseToTheirKeysTypes() {
        Map<String, Object> values = DEF.parse(Map.of(
                "count", " 7 ", "size", "9000000000", "enabled", "TRUE", "mode", " safe ", "address", "h:1"));

        assertThat(values).containsEntry("count", 7).containsEntry("size", 9_000_000_000L)
                .containsEntry("enabled", true).containsEntry("mode", "safe");
    }

    @Test
    void typedValuesAreTakenAsTheyAre() {
        Map<String, Object> values = DEF.parse(Map.of("count", 7, "size", 9, "enabled", true, "address", "h:1"));

        assertThat(values).containsEntry("count", 7).containsEntry("size", 9L).containsEntry("enabled", true);
    }

    @Test
    void anUnknownKeyIsRefusedByName() {
        assertConfigError(Map.of("address", "h:1", "cuont", "3"), "unknown config key=cuont");
    }

    @Test
    void aMissingRequiredKeyIsRefusedByName() {
        assertConfigError(Map.of(), "missing required config key=address");
    }

    @Test
    void aNumberThatDoesNotParseIsRefusedWithKeyAndValue() {
        assertConfigError(Map.of("address", "h:1", "count", "three"), "count=three: not a valid int");
        assertConfigError(Map.of("address", "h:1", "size", "1.5"), "size=1.5: not a valid long");
    }

    @Test
    void aNumberOutOfRangeIsRefusedWithKeyAndValue() {
        assertConfigError(Map.of("address", "h:1", "count", "11"), "count=11: must be between 1 and 10");
        assertConfigError(Map.of("address", "h:1", "size", -1), "size=-1: must be at least 0");
    }

    @Test
    void aBooleanMustBeTrueOrFalse() {
        assertConfigError(Map.of("address", "h:1", "enabled", "yes"), "enabled=yes: not a valid boolean");
    }

    @Test
    void aStringOutsideItsAllowedValuesIsRefused() {
        assertConfigError(Map.of("address", "h:1", "mode", "reckless"), "mode=reckless: must be one of [fast, safe]");
    }

    @Test
    void aNullValueIsRefusedByName() {
        Map<String, Object> props = new HashMap<>();
        props.put("address", "h:1");
        props.put("count", null);

        assertConfigError(props, "count=null");
    }

    @Test
    void hostPortValuesAreChecked() {
        assertConfigError(Map.of("address", "localhost"), "address=localhost: expected host:port");
        assertConfigError(Map.of("address", "h:port"), "address=h:port: port is not a number");
        assertConfigError(Map.of("address", "h:65536"), "address=h:65536: port must be between 0 and 65535");
        assertConfigError(Map.of("address", ":1"), "address=:1");
        assertConfigError(Map.of("address", "h:"), "address=h:");
    }

    @Test
    void aKeyIsDefinedOnlyOnce() {
        assertThatThrownBy(() -> new ConfigDef(DEF).define("count", ConfigDef.Type.INT, 1, ConfigDef.any(), "again"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("key=count is defined twice");
    }

    @Test
    void anInvalidDefaultIsRefusedWhenDefined() {
        assertThatThrownBy(() -> new ConfigDef().define("n", ConfigDef.Type.INT, 0, ConfigDef.atLeast(1), "doc"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("n=0");
    }

    @Test
    void anExtendedDefinitionKeepsTheBaseKeysAndLeavesTheBaseAlone() {
        ConfigDef extended = new ConfigDef(DEF).define("linger.ms", ConfigDef.Type.INT, 0, ConfigDef.atLeast(0), "doc");

        assertThat(extended.keys().keySet()).containsExactly("count", "size", "enabled", "mode", "address", "linger.ms");
        assertThat(DEF.keys()).doesNotContainKey("linger.ms");
    }

    @Test
    void sharedConfigsReadTheirValuesTyped() {
        ProducerConfig config = new ProducerConfig(Map.of(ProducerConfig.BOOTSTRAP_SERVERS, "127.0.0.1:9092"));

        assertThat(config.getInt(ProducerConfig.MAX_REQUEST_SIZE)).isEqualTo(BrokerConfig.DEFAULT_MAX_FRAME_BYTES);
        assertThat(config.getAddress(ProducerConfig.BOOTSTRAP_SERVERS).getPort()).isEqualTo(9092);
        assertThatThrownBy(() -> config.getInt("batch.size")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("key=batch.size");
    }

    @Test
    void theBrokerConfigRequiresALogDir() {
        assertThatThrownBy(() -> new BrokerConfig(Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("key=log.dir");
    }

    private static void assertConfigError(Map<String, ?> props, String message) {
        assertThatThrownBy(() -> DEF.parse(props)).as("parse(%s)", props)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(message);
    }
}
