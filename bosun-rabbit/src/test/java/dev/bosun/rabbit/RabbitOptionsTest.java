package dev.bosun.rabbit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.config.ConfigException;
import dev.bosun.config.InvalidValueException;
import dev.bosun.config.Opt;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RabbitOptionsTest {

  @Test
  void defaultsAreOslos() {
    RabbitOptions o = RabbitOptions.defaults();
    assertThat(o.amqpDurableQueues()).isFalse();
    assertThat(o.amqpAutoDelete()).isFalse();
    assertThat(o.rabbitHaQueues()).isFalse();
    assertThat(o.rabbitQuorumQueue()).isFalse();
    assertThat(o.rabbitTransientQueuesTtl()).isEqualTo(1800);
    assertThat(o.rabbitQosPrefetchCount()).isZero();
    assertThat(o.heartbeatTimeoutThreshold()).isEqualTo(60);
    assertThat(o.heartbeatRate()).isEqualTo(2);
    assertThat(o.rabbitRetryInterval()).isEqualTo(1);
    assertThat(o.rabbitRetryBackoff()).isEqualTo(2);
    assertThat(o.rabbitIntervalMax()).isEqualTo(30);
    assertThat(o.kombuReconnectDelay()).isEqualTo(1.0);
    assertThat(o.kombuCompression()).isEmpty();
    assertThat(o.ssl()).isFalse();
  }

  @Test
  void fromMapTakesOsloNamesAndSpellings() {
    RabbitOptions o =
        RabbitOptions.fromMap(
            Map.of(
                "rabbit_qos_prefetch_count", "5",
                "amqp_durable_queues", "yes",
                "ssl", "True",
                "rabbit_quorum_queue", "on",
                "rabbit_quorum_max_memory_length", "10",
                "rabbit_quroum_max_memory_bytes", "2048",
                "kombu_reconnect_delay", "0.5",
                "ssl_version", "TLSv1_2",
                "rpc_conn_pool_size", "30"));
    assertThat(o.rabbitQosPrefetchCount()).isEqualTo(5);
    assertThat(o.amqpDurableQueues()).isTrue();
    assertThat(o.ssl()).isTrue();
    assertThat(o.rabbitQuorumQueue()).isTrue();
    assertThat(o.rabbitQuorumMaxMemoryLength()).isEqualTo(10);
    assertThat(o.rabbitQuorumMaxMemoryBytes()).isEqualTo(2048);
    assertThat(o.kombuReconnectDelay()).isEqualTo(0.5);
    assertThat(RabbitOptions.fromMap(o.asMap())).isEqualTo(o);
  }

  @Test
  void badValuesNameTheOptionAndTheValue() {
    assertThatThrownBy(() -> RabbitOptions.fromMap(Map.of("rabbit_qos_prefetch_count", "lots")))
        .isInstanceOf(InvalidValueException.class)
        .hasMessage(
            "transport options: [oslo_messaging_rabbit] rabbit_qos_prefetch_count ="
                + " 'lots': expected an integer >= 0");
    assertThatThrownBy(() -> RabbitOptions.fromMap(Map.of("amqp_durable_queues", "maybe")))
        .hasMessageContaining("amqp_durable_queues")
        .hasMessageContaining("maybe");
    assertThatThrownBy(() -> RabbitOptions.fromMap(Map.of("rabbit_qos_prefetch_count", "-1")))
        .hasMessageContaining("rabbit_qos_prefetch_count")
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> RabbitOptions.fromMap(Map.of("rabbit_prefetch", "1")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown [oslo_messaging_rabbit] option 'rabbit_prefetch'");
    assertThatThrownBy(() -> RabbitOptions.builder().rabbitQosPrefetchCount(-1).build())
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("[oslo_messaging_rabbit] rabbit_qos_prefetch_count = '-1'");
    assertThatThrownBy(() -> RabbitOptions.fromMap(Map.of("kombu_reconnect_delay", "9")))
        .hasMessageContaining("kombu_reconnect_delay = '9': expected a number between 0.0 and 4.5");
    assertThatThrownBy(() -> RabbitOptions.fromMap(Map.of("kombu_compression", "lzma")))
        .hasMessageContaining("lzma");
    assertThat(RabbitOptions.fromMap(Map.of("kombu_compression", "bz2")).kombuCompression())
        .isEqualTo("bz2");
    assertThat(RabbitOptions.fromMap(Map.of("kombu_compression", "bzip2")).kombuCompression())
        .isEqualTo("bzip2");
    assertThatThrownBy(() -> RabbitOptions.fromMap(Map.of("ssl_version", "SSLv3")))
        .hasMessageContaining("SSLv3");
    assertThatThrownBy(() -> RabbitOptions.fromMap(Map.of("ssl_key_file", "/k.pem")))
        .hasMessageContaining("ssl_key_file = '/k.pem'")
        .hasMessageContaining("ssl_cert_file is empty");
  }

  @Test
  void ignoredOsloOptionsAreCheckedThenDropped() {
    assertThat(
            RabbitOptions.fromMap(
                Map.of("rpc_conn_pool_size", "10", "kombu_failover_strategy", "shuffle")))
        .isEqualTo(RabbitOptions.defaults());
    assertThatThrownBy(() -> RabbitOptions.fromMap(Map.of("rpc_conn_pool_size", "many")))
        .hasMessageContaining("[oslo_messaging_rabbit] rpc_conn_pool_size = 'many'");
  }

  @Test
  void theRecordAndTheDeclarationsAgreeOnNamesAndDefaults() {
    Map<String, String> declared = new java.util.LinkedHashMap<>();
    for (Opt<?> opt : RabbitOptionProvider.GROUP.options()) {
      if (!RabbitOptionProvider.IGNORED.contains(opt)) {
        declared.put(opt.name(), opt.formatUntyped(opt.defaultValue().orElseThrow()));
      }
    }
    assertThat(RabbitOptions.defaults().asMap()).isEqualTo(declared);
  }

  @Test
  void externalLoginNeedsAClientCertificateOverTls() {
    assertThatThrownBy(() -> RabbitOptions.fromMap(Map.of("rabbit_login_method", "EXTERNAL")))
        .hasMessageContaining("[oslo_messaging_rabbit] rabbit_login_method = EXTERNAL")
        .hasMessageContaining("ssl = true and ssl_cert_file");
    RabbitOptions external =
        RabbitOptions.fromMap(
            Map.of(
                "ssl", "true",
                "ssl_cert_file", "/c.pem",
                "ssl_key_file", "/k.pem",
                "rabbit_login_method", "EXTERNAL"));
    assertThat(external.rabbitLoginMethod()).isEqualTo("EXTERNAL");
    assertThat(RabbitOptions.defaults().rabbitLoginMethod()).isEqualTo("AMQPLAIN");
    assertThat(RabbitOptions.defaults().sslEnforceHostnameVerification()).isTrue();
  }

  @Test
  void quorumAndHaTogetherAreRefusedAsOsloDoes() {
    assertThatThrownBy(
            () -> RabbitOptions.builder().rabbitQuorumQueue(true).rabbitHaQueues(true).build())
        .hasMessageContaining("rabbit_quorum_queue")
        .hasMessageContaining("rabbit_ha_queues");
  }

  @Test
  void reconnectDelayBacksOffUpToTheMaximum() {
    RabbitOptions o =
        RabbitOptions.builder()
            .kombuReconnectDelay(0.25)
            .rabbitRetryInterval(1)
            .rabbitRetryBackoff(2)
            .rabbitIntervalMax(6)
            .build();
    assertThat(o.reconnectDelay(0)).isEqualTo(Duration.ofMillis(250));
    assertThat(o.reconnectDelay(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(o.reconnectDelay(2)).isEqualTo(Duration.ofSeconds(3));
    assertThat(o.reconnectDelay(3)).isEqualTo(Duration.ofSeconds(5));
    assertThat(o.reconnectDelay(4)).isEqualTo(Duration.ofSeconds(6));
    assertThat(o.reconnectDelay(100)).isEqualTo(Duration.ofSeconds(6));
  }

  @Test
  void topologyFollowsTheOptions() {
    Topology plain = new Topology(RabbitOptions.defaults());
    assertThat(plain.exchangeDurable()).isFalse();
    assertThat(plain.sharedQueueArguments()).isEmpty();
    assertThat(plain.transientQueueArguments()).containsExactly(Map.entry("x-expires", 1800000));

    Topology quorum =
        new Topology(
            RabbitOptions.builder().rabbitQuorumQueue(true).rabbitQuorumDeliveryLimit(3).build());
    assertThat(quorum.exchangeDurable()).isTrue();
    assertThat(quorum.sharedQueueDurable()).isTrue();
    assertThat(quorum.sharedQueueArguments())
        .containsEntry("x-queue-type", "quorum")
        .containsEntry("x-delivery-limit", 3);
    assertThat(quorum.transientQueueArguments()).doesNotContainKey("x-queue-type");

    Topology ha =
        new Topology(
            RabbitOptions.builder().rabbitHaQueues(true).rabbitTransientQueuesTtl(0).build());
    assertThat(ha.sharedQueueArguments()).containsExactly(Map.entry("x-ha-policy", "all"));
    assertThat(ha.transientQueueArguments()).containsExactly(Map.entry("x-ha-policy", "all"));
  }
}
