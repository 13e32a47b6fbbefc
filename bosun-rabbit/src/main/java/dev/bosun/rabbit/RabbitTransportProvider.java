package dev.bosun.rabbit;

import dev.bosun.config.OptionGroup;
import dev.bosun.config.ValueSource;
import dev.bosun.transport.Transport;
import dev.bosun.transport.TransportProvider;
import dev.bosun.transport.TransportUrl;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Serves {@code rabbit://} and {@code kombu://} URLs through {@link
 * dev.bosun.transport.Transports}. Hosts are tried in the order written (oslo shuffles them first;
 * Bosun keeps the operator's order so the first host is the preferred one); a host without
 * credentials uses {@code guest}/{@code guest}. The options are {@link RabbitOptionProvider oslo's
 * [oslo_messaging_rabbit] options}; an unknown name or a bad value fails with a {@link
 * dev.bosun.config.ConfigException} naming it, and whether it came from the URL's query.
 */
public final class RabbitTransportProvider implements TransportProvider {
  private static final ValueSource FROM_URL = new ValueSource.Given("transport_url query");
  private static final ValueSource FROM_OPTIONS = new ValueSource.Given("transport options");

  @Override
  public Set<String> schemes() {
    return Set.of("rabbit", "kombu");
  }

  @Override
  public Transport open(TransportUrl url, Map<String, String> options) {
    return RabbitTransport.builder()
        .brokers(brokers(url))
        .virtualHost(url.virtualHost().orElse("/"))
        .options(options(url, options))
        .build();
  }

  /** The brokers and options as {@link #open} reads them, without connecting. */
  @Override
  public void check(TransportUrl url, Map<String, String> options) {
    options(url, options);
    brokers(url);
  }

  private RabbitOptions options(TransportUrl url, Map<String, String> options) {
    if (!schemes().contains(url.scheme())) {
      throw new IllegalArgumentException(
          "RabbitTransportProvider serves rabbit:// and kombu://," + " not " + url);
    }
    RabbitOptions.Builder parsed = RabbitOptions.builder();
    options.forEach(
        (name, value) ->
            parsed.set(
                name, value, value.equals(url.options().get(name)) ? FROM_URL : FROM_OPTIONS));
    return parsed.build();
  }

  /** {@code [oslo_messaging_rabbit]}. */
  @Override
  public List<OptionGroup> optionGroups() {
    return List.of(RabbitOptionProvider.GROUP);
  }

  static List<RabbitBroker> brokers(TransportUrl url) {
    return url.hosts().stream()
        .map(
            h ->
                new RabbitBroker(
                    h.hostname(), h.port(), h.user().orElse("guest"), h.password().orElse("guest")))
        .toList();
  }
}
