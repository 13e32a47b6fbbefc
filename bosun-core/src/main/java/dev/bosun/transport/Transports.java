package dev.bosun.transport;

import dev.bosun.config.Config;
import dev.bosun.config.ConfigException;
import dev.bosun.config.Opt;
import dev.bosun.config.OptionGroup;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * Opens a {@link Transport} for a {@link TransportUrl}, using the {@link TransportProvider}s found.
 */
public final class Transports {
  private Transports() {}

  /** Opens a transport with no extra settings; see {@link #open(TransportUrl, Map)}. */
  public static Transport open(TransportUrl url) {
    return open(url, Map.of());
  }

  /**
   * Opens the transport named by {@code [DEFAULT] transport_url}, with the options of the config
   * groups its provider {@linkplain TransportProvider#optionGroups() takes} (for {@code rabbit://},
   * {@code [oslo_messaging_rabbit]}; for {@code memory://}, none). Options in the URL's query
   * override the config's values, as in oslo.messaging.
   *
   * <p>The provider's groups (and {@code transport_url}) are {@linkplain Config#register(Opt[])
   * registered} with {@code config} when they are not yet, so their values are read from the files
   * and environment already loaded; to set them on the command line, register them before building
   * the config (as the {@code bosun} command does with every {@link
   * dev.bosun.config.OptionProvider}).
   *
   * @throws ConfigException when {@code transport_url} is not a transport URL, or the config holds
   *     a bad value for an option of the transport's group (the message names {@code [group] name},
   *     the source and the value)
   * @throws TransportException when no provider serves the scheme or the transport cannot be opened
   */
  public static Transport open(Config config) {
    return open(config, MessagingOptions.TRANSPORT_URL);
  }

  /**
   * Opens the transport named by {@code urlOption}, e.g. {@link
   * MessagingOptions#NOTIFICATION_TRANSPORT_URL}, exactly as {@link #open(Config)} does for {@code
   * [DEFAULT] transport_url}: with the options of the provider's groups, registering {@code
   * urlOption} and those groups when they are not yet.
   *
   * @throws ConfigException when the option has no value or is not a transport URL, or the config
   *     holds a bad value for an option of the transport's group
   * @throws TransportException when no provider serves the scheme or the transport cannot be opened
   */
  public static Transport open(Config config, Opt<String> urlOption) {
    Configured configured = configured(config, urlOption);
    return open(configured.provider(), configured.url(), configured.options());
  }

  /**
   * Checks everything {@link #open(Config, Opt)} checks before it connects, and connects nowhere:
   * the URL, that a provider serves its scheme, the options of the provider's groups and the URL's
   * query options ({@link TransportProvider#check}). For {@code bosun config show} and the start of
   * a service, so that both reject the same values.
   *
   * @throws ConfigException naming the option and what is wrong with it, also when no provider
   *     serves the scheme
   */
  public static void check(Config config, Opt<String> urlOption) {
    Configured configured;
    try {
      configured = configured(config, urlOption);
    } catch (TransportException e) {
      throw new ConfigException(urlOption + ": " + e.getMessage(), e);
    }
    Map<String, String> merged = new LinkedHashMap<>(configured.options());
    merged.putAll(configured.url().options());
    try {
      configured.provider().check(configured.url(), Map.copyOf(merged));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(urlOption + ": " + e.getMessage(), e);
    }
  }

  private record Configured(
      TransportProvider provider, TransportUrl url, Map<String, String> options) {}

  private static Configured configured(Config config, Opt<String> urlOption) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(urlOption, "urlOption");
    config.register(urlOption);
    TransportUrl url;
    try {
      url =
          TransportUrl.parse(
              config
                  .find(urlOption)
                  .orElseThrow(
                      () ->
                          new ConfigException(
                              urlOption
                                  + " has no value; set it to a transport URL such as rabbit://host/")));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(urlOption + ": " + e.getMessage(), e);
    }
    TransportProvider provider = provider(url);
    Map<String, String> options = new LinkedHashMap<>();
    for (OptionGroup group : provider.optionGroups()) {
      config.register(group);
      for (Opt<?> opt : group.options()) {
        config.find(opt).ifPresent(value -> options.put(opt.name(), opt.formatUntyped(value)));
      }
    }
    return new Configured(provider, url, options);
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
    return open(provider(url), url, options);
  }

  private static Transport open(
      TransportProvider provider, TransportUrl url, Map<String, String> options) {
    Map<String, String> merged = new LinkedHashMap<>(options);
    merged.putAll(url.options());
    return provider.open(url, Map.copyOf(merged));
  }

  private static TransportProvider provider(TransportUrl url) {
    TreeSet<String> available = new TreeSet<>();
    for (TransportProvider provider :
        ServiceLoader.load(TransportProvider.class, Transports.class.getClassLoader())) {
      if (provider.schemes().contains(url.scheme())) {
        return provider;
      }
      available.addAll(provider.schemes());
    }
    String hint =
        url.scheme().equals("rabbit") || url.scheme().equals("kombu")
            ? "add bosun-rabbit to the classpath"
            : "add the module that provides it to the classpath";
    throw new TransportException(
        "No transport for scheme '"
            + url.scheme()
            + "' ("
            + url
            + "); "
            + hint
            + ". Available schemes: "
            + String.join(", ", available));
  }
}
