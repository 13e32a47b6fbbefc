package dev.bosun.rabbit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.config.Config;
import dev.bosun.config.ConfigLoadException;
import dev.bosun.config.OptionGroup;
import dev.bosun.config.OptionProvider;
import dev.bosun.tck.ExternalServices;
import dev.bosun.transport.MessagingOptions;
import dev.bosun.transport.Transport;
import dev.bosun.transport.Transports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The [oslo_messaging_rabbit] options as config options: sample, sources, and the opened transport.
 */
class RabbitConfigTest {
  @TempDir Path dir;

  private static List<OptionGroup> allGroups() {
    return OptionProvider.discover(RabbitConfigTest.class.getClassLoader());
  }

  private static Config load(List<OptionGroup> groups, String... args) {
    Config.Builder builder = Config.builder().environment(Map.of());
    groups.forEach(builder::register);
    return builder.args(List.of(args)).build();
  }

  private Path file(String... lines) throws IOException {
    Path file = dir.resolve("bosun.conf");
    Files.writeString(file, String.join("\n", lines) + "\n");
    return file;
  }

  @Test
  void theSampleListsTheRabbitGroupWithOslosDefaults() {
    String sample = Config.sample(allGroups(), List.of());
    assertThat(sample)
        .contains(
            "[oslo_messaging_rabbit]",
            "#rabbit_qos_prefetch_count = 0",
            "#rabbit_transient_queues_ttl = 1800",
            "#kombu_reconnect_delay = 1.0",
            "#heartbeat_timeout_threshold = 60",
            "#ssl = false",
            "rabbit_quroum_max_memory_length",
            "#rpc_conn_pool_size = 30");
  }

  @Test
  void everySourceSetsRabbitOptions() throws IOException {
    Path conf =
        file(
            "[oslo_messaging_rabbit]",
            "rabbit_qos_prefetch_count = 7",
            "amqp_durable_queues = true",
            "rabbit_quroum_max_memory_length = 12");
    Config config =
        load(
            allGroups(),
            "--config-file",
            conf.toString(),
            "--oslo-messaging-rabbit-rabbit-qos-prefetch-count",
            "10",
            "--oslo-messaging-rabbit-heartbeat-rate",
            "3");
    RabbitOptions options = RabbitOptions.fromConfig(config);
    assertThat(options.rabbitQosPrefetchCount()).isEqualTo(10);
    assertThat(options.heartbeatRate()).isEqualTo(3);
    assertThat(options.amqpDurableQueues()).isTrue();
    assertThat(options.rabbitQuorumMaxMemoryLength()).isEqualTo(12);

    Config fromEnv =
        Config.builder()
            .environment(Map.of("BOSUN_OSLO_MESSAGING_RABBIT__RABBIT_TRANSIENT_QUEUES_TTL", "60"))
            .register(RabbitOptionProvider.GROUP)
            .build();
    assertThat(RabbitOptions.fromConfig(fromEnv).rabbitTransientQueuesTtl()).isEqualTo(60);
  }

  @Test
  void aBadValueInAFileIsAConfigErrorNamingTheOption() throws IOException {
    Path conf = file("[oslo_messaging_rabbit]", "rabbit_qos_prefetch_count = lots");
    assertThatThrownBy(() -> load(allGroups(), "--config-file", conf.toString()))
        .isInstanceOf(ConfigLoadException.class)
        .hasMessageContaining(
            conf
                + ":2: [oslo_messaging_rabbit] rabbit_qos_prefetch_count ="
                + " 'lots': expected an integer >= 0");
  }

  @Test
  void aBadValueIsCaughtWhenTheTransportRegistersItsGroupLate() throws IOException {
    Path conf =
        file(
            "[DEFAULT]",
            "transport_url = rabbit://guest:guest@127.0.0.1:1/",
            "[oslo_messaging_rabbit]",
            "kombu_compression = lzma");
    List<OptionGroup> coreOnly = new ArrayList<>(new MessagingOptions().optionGroups());
    Config config = load(coreOnly, "--config-file", conf.toString());
    assertThatThrownBy(() -> Transports.open(config))
        .isInstanceOf(ConfigLoadException.class)
        .hasMessageContaining(conf + ":4: [oslo_messaging_rabbit] kombu_compression = 'lzma'");
  }

  @Test
  void aContradictionAcrossOptionsNamesThem() throws IOException {
    Path conf =
        file("[oslo_messaging_rabbit]", "rabbit_quorum_queue = true", "rabbit_ha_queues = true");
    Config config = load(allGroups(), "--config-file", conf.toString());
    assertThatThrownBy(() -> RabbitOptions.fromConfig(config))
        .hasMessageContaining("[oslo_messaging_rabbit] rabbit_quorum_queue and rabbit_ha_queues");
  }

  @Test
  void theTransportOpenedFromConfigHasTheFilesOptionsAndTheUrlsOverrides() throws Exception {
    ExternalServices.assumeReachable(ExternalServices.RABBITMQ);
    Path conf =
        file(
            "[DEFAULT]",
            "transport_url = rabbit://guest:guest@127.0.0.1:5672/?rabbit_retry_backoff=5",
            "[oslo_messaging_rabbit]",
            "rabbit_qos_prefetch_count = 7",
            "rabbit_retry_backoff = 3");
    Config config = load(allGroups(), "--config-file", conf.toString());
    try (Transport t = Transports.open(config)) {
      assertThat(t).isInstanceOf(RabbitTransport.class);
      RabbitOptions options = ((RabbitTransport) t).options();
      assertThat(options.rabbitQosPrefetchCount()).isEqualTo(7);
      assertThat(options.rabbitRetryBackoff()).isEqualTo(5);
    }
  }
}
