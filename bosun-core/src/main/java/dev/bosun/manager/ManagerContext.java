package dev.bosun.manager;

import dev.bosun.rpc.Messaging;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link Manager} is constructed with: where it runs and what it may read. The service
 * builds it; tests build it with {@link #builder(String, String)}.
 *
 * @param host the host name the service runs as (config option {@code host}); with cinder-style
 *     backends, {@code host@backend}
 * @param serviceName the aspect the manager serves, e.g. {@code volume}, {@code scheduler}
 * @param config the options the manager may read, with reload-aware values and a masked view
 * @param scheduler the clock and timer for the manager's timed work (driver set-up retries,
 *     periodic tasks)
 * @param messaging the service's notifier and RPC clients, for the same host and service name;
 *     empty when the service runs without messaging (and in tests that need none)
 */
public record ManagerContext(
    String host,
    String serviceName,
    ConfigView config,
    Scheduler scheduler,
    Optional<Messaging> messaging) {

  public ManagerContext {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank, found '" + host + "'");
    }
    if (serviceName == null || serviceName.isBlank()) {
      throw new IllegalArgumentException(
          "serviceName must not be blank, found '" + serviceName + "'");
    }
    if (config == null || scheduler == null) {
      throw new IllegalArgumentException("config and scheduler must not be null");
    }
    Objects.requireNonNull(messaging, "messaging");
    if (messaging.isPresent()
        && (!messaging.get().host().equals(host)
            || !messaging.get().serviceName().equals(serviceName))) {
      throw new IllegalArgumentException(
          "The messaging of "
              + messaging.get().serviceName()
              + "@"
              + messaging.get().host()
              + " cannot serve the manager of "
              + serviceName
              + "@"
              + host
              + ": build it with the same host and service name");
    }
  }

  /** A context without messaging. */
  public ManagerContext(String host, String serviceName, ConfigView config, Scheduler scheduler) {
    this(host, serviceName, config, scheduler, Optional.empty());
  }

  /** A builder with an empty config, the system scheduler and no messaging. */
  public static Builder builder(String host, String serviceName) {
    return new Builder(host, serviceName);
  }

  /** Builds a {@link ManagerContext}. */
  public static final class Builder {
    private final String host;
    private final String serviceName;
    private ConfigView config = ConfigView.empty();
    private Scheduler scheduler = Scheduler.system();
    private Optional<Messaging> messaging = Optional.empty();

    private Builder(String host, String serviceName) {
      this.host = host;
      this.serviceName = serviceName;
    }

    public Builder config(ConfigView config) {
      this.config = config;
      return this;
    }

    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = scheduler;
      return this;
    }

    /** The service's messaging; its host and service name must be this context's. */
    public Builder messaging(Messaging value) {
      this.messaging = Optional.of(Objects.requireNonNull(value, "messaging"));
      return this;
    }

    public ManagerContext build() {
      return new ManagerContext(host, serviceName, config, scheduler, messaging);
    }
  }
}
