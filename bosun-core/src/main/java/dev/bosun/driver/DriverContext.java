package dev.bosun.driver;

import dev.bosun.manager.ConfigView;
import dev.bosun.manager.ManagerContext;
import java.util.Optional;

/**
 * What a driver is given: the host it serves and its configuration (for cinder-style backends, the
 * view of the backend's own config group). Passed to a driver's constructor when it has a public
 * one taking {@code DriverContext}, and to {@link Driver#doSetup(DriverContext)}.
 *
 * @param host the host the service runs as
 * @param config the options the driver reads
 */
public record DriverContext(String host, ConfigView config) {

  public DriverContext {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank, found '" + host + "'");
    }
    if (config == null) {
      throw new IllegalArgumentException("config must not be null");
    }
  }

  /** A context for the manager's host and configuration. */
  public static DriverContext from(ManagerContext context) {
    return new DriverContext(context.host(), context.config());
  }

  /** The current value of option {@code name}. */
  public Optional<String> option(String name) {
    return config.value(name);
  }
}
