package dev.tenx.workshop.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenx.common.config.ConfigException;
import dev.tenx.common.spi.Stage;
import dev.tenx.common.spi.Stages;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The two peers as the runner and the suite find them; no broker is started here. */
class KafkaPeerTest {

    @Test
    void bothPeersAreRegisteredAsPeersAndAreNoStages() {
        assertThat(Stages.peers()).extracting(Stage::name).containsExactly("kafka-same-promise", "kafka-defaults");
        assertThat(Stages.all()).noneMatch(Stage::peer);
        assertThat(Stages.byName("kafka-defaults")).isInstanceOf(KafkaDefaults.class);
        assertThat(Stages.peers()).allSatisfy(peer -> {
            assertThat(peer.number()).isEqualTo(Stage.PEER_NUMBER);
            assertThat(peer.label()).startsWith("kafka " + KafkaPeer.VERSION + " ");
        });
    }

    @Test
    void onlyTheSamePromiseFlushesEveryMessage() {
        assertThat(new KafkaSamePromise().topicConfig()).containsExactly(Map.entry("flush.messages", "1"));
        assertThat(new KafkaDefaults().topicConfig()).isEmpty();
    }

    @Test
    void theClientsReleaseIsTheOneTheServerModulePins() {
        assertThat(KafkaPeer.VERSION).isEqualTo("4.4.0");
    }

    @Test
    void aPeerHasNoFrameEncodingToAskStatsIn() {
        assertThatThrownBy(() -> new KafkaDefaults().encoding())
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("connectStats");
    }

    @Test
    void anUnknownLauncherFailsAtOnceSayingWhereTheContainerOneIs() {
        assertThatThrownBy(() -> KafkaPeerConfig.BROKER.parse(Map.of("log.dir", "x", "kafka.launcher", "docker")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("kafka.launcher");
        assertThatThrownBy(() -> KafkaLauncher.named(KafkaPeerConfig.LAUNCHER_CONTAINER))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("-Pkafka-container");
        assertThatThrownBy(() -> new KafkaSamePromise().startBrokerProcess(
                Map.of("log.dir", "x", "kafka.launcher", "container"), java.util.List.of(), java.nio.file.Path.of("x.log")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kafka.launcher=jvm");
    }
}
