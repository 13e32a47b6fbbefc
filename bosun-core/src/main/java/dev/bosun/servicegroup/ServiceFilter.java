package dev.bosun.servicegroup;

import java.util.Optional;

/**
 * Which live (not deleted) services to list; empty fields match everything.
 *
 * <pre>{@code store.list(ServiceFilter.all().withHost("host1").withBinary("bosun-volume"))}</pre>
 */
public record ServiceFilter(
    Optional<String> host, Optional<String> binary, Optional<String> topic) {
  private static final ServiceFilter ALL =
      new ServiceFilter(Optional.empty(), Optional.empty(), Optional.empty());

  /** Checks the fields at the door. */
  public ServiceFilter {
    if (host == null || binary == null || topic == null) {
      throw new IllegalArgumentException("filter fields must not be null; use Optional.empty()");
    }
  }

  /** Every live service. */
  public static ServiceFilter all() {
    return ALL;
  }

  /** This filter, narrowed to {@code host}. */
  public ServiceFilter withHost(String host) {
    return new ServiceFilter(
        Optional.of(ServiceRegistration.requireName("host", host)), binary, topic);
  }

  /** This filter, narrowed to {@code binary}. */
  public ServiceFilter withBinary(String binary) {
    return new ServiceFilter(
        host, Optional.of(ServiceRegistration.requireName("binary", binary)), topic);
  }

  /** This filter, narrowed to {@code topic}. */
  public ServiceFilter withTopic(String topic) {
    return new ServiceFilter(
        host, binary, Optional.of(ServiceRegistration.requireName("topic", topic)));
  }

  /** Whether {@code record} passes (used by stores that filter in memory). */
  public boolean matches(ServiceRecord record) {
    return host.map(record.host()::equals).orElse(true)
        && binary.map(record.binary()::equals).orElse(true)
        && topic.map(record.topic()::equals).orElse(true);
  }
}
