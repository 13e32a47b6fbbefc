package dev.bosun.transport;

import java.util.Map;
import java.util.Set;

/**
 * Provides the {@code memory://} transport (see {@link Transports#open}). The memory transport has
 * no settings: query options on a {@code memory://} URL are an error, while settings of other
 * transports passed in {@code options} (configuration hands every transport the same ones) are
 * ignored.
 */
public final class MemoryTransportProvider implements TransportProvider {
  public MemoryTransportProvider() {}

  @Override
  public Set<String> schemes() {
    return Set.of("memory");
  }

  @Override
  public Transport open(TransportUrl url, Map<String, String> options) {
    if (!url.options().isEmpty()) {
      throw new IllegalArgumentException(
          "The memory transport takes no options, found " + url.options().keySet() + " in " + url);
    }
    return new MemoryTransport(url.name());
  }
}
