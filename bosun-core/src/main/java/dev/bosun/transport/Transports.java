package dev.bosun.transport;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.TreeSet;

/** Opens a {@link Transport} for a {@link TransportUrl}, using the {@link TransportProvider}s found. */
public final class Transports {
  private Transports() {}

  /** Opens a transport with no extra settings; see {@link #open(TransportUrl, Map)}. */
  public static Transport open(TransportUrl url) {
    return open(url, Map.of());
  }

  /**
   * Opens a transport for {@code url}.
   *
   * @param options transport settings by oslo name; the URL's own query options override them, as
   *     in oslo.messaging
   * @throws TransportException when no provider serves the scheme (the message lists the schemes
   *     that are available and what to add) or the transport cannot be opened
   */
  public static Transport open(TransportUrl url, Map<String, String> options) {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(options, "options");
    TreeSet<String> available = new TreeSet<>();
    for (TransportProvider provider : ServiceLoader.load(TransportProvider.class,
        Transports.class.getClassLoader())) {
      if (provider.schemes().contains(url.scheme())) {
        Map<String, String> merged = new LinkedHashMap<>(options);
        merged.putAll(url.options());
        return provider.open(url, Map.copyOf(merged));
      }
      available.addAll(provider.schemes());
    }
    String hint = url.scheme().equals("rabbit") || url.scheme().equals("kombu")
        ? "add bosun-rabbit to the classpath" : "add the module that provides it to the classpath";
    throw new TransportException("No transport for scheme '" + url.scheme() + "' ("
        + url + "); " + hint + ". Available schemes: " + String.join(", ", available));
  }
}
