package dev.bosun.rabbit;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.config.ConfigException;
import dev.bosun.tck.ExternalServices;
import dev.bosun.transport.Destination;
import dev.bosun.transport.PublishOptions;
import dev.bosun.transport.Transport;
import dev.bosun.transport.TransportUrl;
import dev.bosun.transport.Transports;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RabbitTransportProviderTest {

  @Test
  void hostsCredentialsAndOrderComeFromTheUrl() {
    TransportUrl url =
        TransportUrl.parse("rabbit://u:p%40ss@h1:5673,h2/nova?rabbit_qos_prefetch_count=5");
    assertThat(RabbitTransportProvider.brokers(url))
        .containsExactly(
            new RabbitBroker("h1", 5673, "u", "p@ss"),
            new RabbitBroker("h2", 5672, "guest", "guest"));
  }

  @Test
  void anUnknownQueryOptionFailsBeforeConnecting() {
    assertThatThrownBy(
            () ->
                Transports.open(
                    TransportUrl.parse("rabbit://guest:guest@127.0.0.1:1/?rabbit_qos_prefetch=5")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "transport_url query: unknown [oslo_messaging_rabbit] option"
                + " 'rabbit_qos_prefetch'");
  }

  @Test
  void aBadQueryValueNamesTheUrlAsItsSource() {
    assertThatThrownBy(
            () ->
                Transports.open(
                    TransportUrl.parse(
                        "rabbit://guest:guest@127.0.0.1:1/?rabbit_qos_prefetch_count=-1"),
                    Map.of("heartbeat_rate", "3")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "transport_url query: [oslo_messaging_rabbit] rabbit_qos_prefetch_count ="
                + " '-1': expected an integer >= 0");
  }

  @Test
  void transportsOpensRabbitUrlsWithTheirOptions() throws Exception {
    ExternalServices.assumeReachable(ExternalServices.RABBITMQ);
    String topic = RawBroker.unique("provider");
    try (RawBroker raw = new RawBroker().exchange(topic + "_fanout");
        Transport t =
            Transports.open(
                TransportUrl.parse(
                    "rabbit://guest:guest@127.0.0.1:5672/?rabbit_qos_prefetch_count=5"),
                Map.of())) {
      assertThat(t).isInstanceOf(RabbitTransport.class);
      assertThat(((RabbitTransport) t).options().rabbitQosPrefetchCount()).isEqualTo(5);
      assertThat(t.describe()).isEqualTo("rabbit://guest:***@127.0.0.1:5672/");
      t.publish(
              new Destination.Fanout(topic),
              "{}".getBytes(StandardCharsets.UTF_8),
              PublishOptions.DEFAULT)
          .get(10, SECONDS);
    }
  }

  @Test
  void kombuIsAnAlias() {
    assertThat(new RabbitTransportProvider().schemes())
        .isEqualTo(java.util.Set.of("rabbit", "kombu"));
    assertThat(RabbitTransportProvider.brokers(TransportUrl.parse("kombu:///")))
        .isEqualTo(List.of(new RabbitBroker("localhost", 5672, "guest", "guest")));
  }
}
