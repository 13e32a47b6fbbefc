package dev.bosun.rabbit;

import dev.bosun.transport.Transport;
import dev.bosun.transport.TransportProvider;
import dev.bosun.transport.TransportUrl;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Serves {@code rabbit://} and {@code kombu://} URLs through {@link dev.bosun.transport.Transports}.
 * Hosts are tried in the order written (oslo shuffles them first; Bosun keeps the operator's
 * order so the first host is the preferred one); a host without credentials uses
 * {@code guest}/{@code guest}. The options are {@link RabbitOptions#fromMap oslo's
 * [oslo_messaging_rabbit] names}; an unknown name fails.
 */
public final class RabbitTransportProvider implements TransportProvider {

  @Override
  public Set<String> schemes() {
    return Set.of("rabbit", "kombu");
  }

  @Override
  public Transport open(TransportUrl url, Map<String, String> options) {
    if (!schemes().contains(url.scheme())) {
      throw new IllegalArgumentException("RabbitTransportProvider serves rabbit:// and kombu://,"
          + " not " + url);
    }
    return RabbitTransport.builder()
        .brokers(brokers(url))
        .virtualHost(url.virtualHost().orElse("/"))
        .options(RabbitOptions.fromMap(options))
        .build();
  }

  static List<RabbitBroker> brokers(TransportUrl url) {
    return url.hosts().stream()
        .map(h -> new RabbitBroker(h.hostname(), h.port(), h.user().orElse("guest"),
            h.password().orElse("guest")))
        .toList();
  }
}
