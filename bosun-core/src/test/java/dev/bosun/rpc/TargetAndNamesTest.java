package dev.bosun.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TargetAndNamesTest {
  @Test
  void routingKeyIsTopicOrTopicDotServer() {
    Target any = Target.topic("volume");
    assertThat(any.routingKey()).isEqualTo("volume");
    assertThat(any.withServer("host1").routingKey()).isEqualTo("volume.host1");
    assertThat(any.withServer("host1").withAnyServer().routingKey()).isEqualTo("volume");
  }

  @Test
  void targetChecksItsFields() {
    assertThatThrownBy(() -> Target.topic(" ")).hasMessageContaining("topic");
    assertThatThrownBy(() -> Target.topic("v").withVersion("one")).hasMessageContaining("'one'");
    assertThat(Target.topic("v").withNamespace("ns").withVersion("1.2").toString())
        .contains("topic 'v'", "namespace 'ns'", "version 1.2");
  }

  @Test
  void camelCaseBecomesSnakeCase() {
    assertThat(WireNames.toWire("createVolume")).isEqualTo("create_volume");
    assertThat(WireNames.toWire("volumeID")).isEqualTo("volume_id");
    assertThat(WireNames.toWire("HTTPServer")).isEqualTo("http_server");
    assertThat(WireNames.toWire("ipv4Address")).isEqualTo("ipv4_address");
    assertThat(WireNames.toWire("ping")).isEqualTo("ping");
    assertThat(WireNames.toWire("getVolumeStats")).isEqualTo("get_volume_stats");
  }
}
