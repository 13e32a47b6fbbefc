package dev.bosun.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.config.Config;
import dev.bosun.config.ConfigException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransportsFromConfigTest {

  private static Config config(String... args) {
    return Config.builder()
        .environment(Map.of())
        .register(MessagingOptions.TRANSPORT_URL)
        .args(List.of(args))
        .build();
  }

  @Test
  void opensTheTransportNamedByTransportUrl() {
    try (Transport transport = Transports.open(config("--transport-url", "memory://cfg-test"))) {
      assertThat(transport.describe()).isEqualTo("memory://cfg-test");
    }
  }

  @Test
  void theDefaultIsTheInProcessTransportEvenWhenTheOptionWasNotRegistered() {
    try (Transport transport = Transports.open(Config.builder().environment(Map.of()).build())) {
      assertThat(transport.describe()).startsWith("memory://");
    }
  }

  @Test
  void aBadUrlIsAConfigErrorWithoutThePassword() {
    assertThatThrownBy(() -> Transports.open(config("--transport-url", "amqp://u:secret@h/")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("[DEFAULT] transport_url: Bad transport_url")
        .hasMessageNotContaining("secret");
  }

  @Test
  void aSchemeWithoutProviderSaysWhatToAdd() {
    assertThatThrownBy(() -> Transports.open(config("--transport-url", "rabbit://h1/")))
        .isInstanceOf(TransportException.class)
        .hasMessageContaining("add bosun-rabbit to the classpath");
  }

  @Test
  void anotherUrlOptionOpensItsTransportOrSaysItHasNoValue() {
    Config config =
        Config.builder()
            .environment(Map.of())
            .register(MessagingOptions.NOTIFICATION_TRANSPORT_URL)
            .args(
                List.of(
                    MessagingOptions.NOTIFICATION_TRANSPORT_URL.commandLineName(),
                    "memory://cfg-notifications"))
            .build();
    try (Transport transport =
        Transports.open(config, MessagingOptions.NOTIFICATION_TRANSPORT_URL)) {
      assertThat(transport.describe()).isEqualTo("memory://cfg-notifications");
    }
    assertThatThrownBy(
            () ->
                Transports.open(
                    Config.builder().environment(Map.of()).build(),
                    MessagingOptions.NOTIFICATION_TRANSPORT_URL))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("[oslo_messaging_notifications] transport_url has no value");
  }
}
