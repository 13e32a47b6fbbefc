package dev.bosun.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TransportUrlTest {

  @Test
  void parsesTheSpecExamples() {
    TransportUrl a = TransportUrl.parse("rabbit://guest:guest@127.0.0.1:5672/");
    assertThat(a.hosts()).containsExactly(host("guest", "guest", "127.0.0.1", 5672));
    assertThat(a.virtualHost()).contains("/");

    TransportUrl b = TransportUrl.parse("rabbit://guest:guest@127.0.0.1");
    assertThat(b.hosts()).containsExactly(host("guest", "guest", "127.0.0.1", 5672));
    assertThat(b.virtualHost()).contains("/");

    assertThat(TransportUrl.parse("rabbit://u:p@h1:5672/%2F").virtualHost()).contains("/");

    TransportUrl d = TransportUrl.parse(
        "rabbit://u:p%40ss@h1:5673,u:p@h2/nova?rabbit_qos_prefetch_count=5");
    assertThat(d.hosts()).containsExactly(host("u", "p@ss", "h1", 5673), host("u", "p", "h2", 5672));
    assertThat(d.virtualHost()).contains("nova");
    assertThat(d.options()).isEqualTo(Map.of("rabbit_qos_prefetch_count", "5"));
  }

  @Test
  void noHostMeansGuestOnLocalhost() {
    assertThat(TransportUrl.parse("rabbit:///").hosts())
        .containsExactly(host("guest", "guest", "localhost", 5672));
  }

  @Test
  void parsesIpv6AndHostsWithoutCredentials() {
    TransportUrl url = TransportUrl.parse("kombu://[::1]:5673,h2/");
    assertThat(url.scheme()).isEqualTo("kombu");
    assertThat(url.hosts()).containsExactly(
        new TransportUrl.Host(Optional.empty(), Optional.empty(), "::1", 5673),
        new TransportUrl.Host(Optional.empty(), Optional.empty(), "h2", 5672));
  }

  @Test
  void toStringMasksPasswords() {
    TransportUrl url = TransportUrl.parse("rabbit://u:s3cret@h1:5673,v:other@h2/nova?ssl=true");

    assertThat(url.toString()).isEqualTo("rabbit://u:***@h1:5673,v:***@h2:5672/nova?ssl=true")
        .doesNotContain("s3cret");
  }

  @Test
  void parsesMemoryUrls() {
    assertThat(TransportUrl.parse("memory://").name()).isEmpty();
    TransportUrl named = TransportUrl.parse("memory://bus1");
    assertThat(named.name()).isEqualTo("bus1");
    assertThat(named.hosts()).isEmpty();
    assertThat(named.toString()).isEqualTo("memory://bus1");
  }

  @Test
  void badUrlsShowTheAcceptedForms() {
    assertThatThrownBy(() -> TransportUrl.parse("zmq://h1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown scheme 'zmq'")
        .hasMessageContaining("Accepted forms: memory://");
    assertThatThrownBy(() -> TransportUrl.parse("amqp://h1"))
        .hasMessageContaining("AMQP 1.0");
    assertThatThrownBy(() -> TransportUrl.parse("127.0.0.1:5672"))
        .hasMessageContaining("no scheme");
    assertThatThrownBy(() -> TransportUrl.parse("rabbit://u:pw@h1:notaport/"))
        .hasMessageContaining("port 'notaport'")
        .hasMessageNotContaining("pw@");
    assertThatThrownBy(() -> TransportUrl.parse("rabbit://[::1/"))
        .hasMessageContaining("closing ']'");
  }

  @Test
  void openSaysWhichSchemesAreAvailable() {
    assertThatThrownBy(() -> Transports.open(TransportUrl.parse("rabbit://h1/")))
        .isInstanceOf(TransportException.class)
        .hasMessageContaining("No transport for scheme 'rabbit'")
        .hasMessageContaining("add bosun-rabbit to the classpath")
        .hasMessageContaining("Available schemes: memory");
  }

  @Test
  void opensTheMemoryTransport() {
    try (Transport transport = Transports.open(TransportUrl.parse("memory://url-test"))) {
      assertThat(transport.describe()).isEqualTo("memory://url-test");
    }
  }

  private static TransportUrl.Host host(String user, String password, String name, int port) {
    return new TransportUrl.Host(Optional.of(user), Optional.of(password), name, port);
  }
}
