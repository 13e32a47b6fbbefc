package dev.bosun.transport;

import dev.bosun.config.OptionGroup;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes {@link Transport}s for some URL schemes. Implementations are found with {@link
 * java.util.ServiceLoader} (a {@code META-INF/services/dev.bosun.transport.TransportProvider}
 * entry) and used through {@link Transports#open}; bosun-core provides {@code memory}, bosun-rabbit
 * provides {@code rabbit} and {@code kombu}.
 *
 * <p>Implementations must have a public no-argument constructor and be thread-safe.
 */
public interface TransportProvider {

  /** The URL schemes served, lower case, e.g. {@code Set.of("rabbit", "kombu")}. */
  Set<String> schemes();

  /**
   * Opens a transport.
   *
   * @param url the parsed URL; its scheme is one of {@link #schemes()}
   * @param options transport settings by oslo name (e.g. {@code rabbit_qos_prefetch_count}), with
   *     the URL's query options already laid over them; a provider fails with a {@link
   *     dev.bosun.config.ConfigException} (or an {@link IllegalArgumentException}) naming the
   *     option on a name it does not know or a value it cannot use, as oslo does
   * @throws TransportException if it cannot connect
   */
  Transport open(TransportUrl url, Map<String, String> options);

  /**
   * The config groups whose options this transport takes, e.g. {@code [oslo_messaging_rabbit]};
   * none by default. {@link Transports#open(dev.bosun.config.Config)} hands their values to {@link
   * #open}, so they must be the names {@code open} understands.
   */
  default List<OptionGroup> optionGroups() {
    return List.of();
  }

  /**
   * Checks what {@link #open} would check of {@code url} and {@code options} before connecting, and
   * connects nowhere; the default checks nothing more than the URL's parse did.
   *
   * @throws IllegalArgumentException naming the option or URL part that is wrong
   */
  default void check(TransportUrl url, Map<String, String> options) {}
}
