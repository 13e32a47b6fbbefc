package dev.bosun.rpc;

import dev.bosun.config.Config;
import dev.bosun.config.ConfigException;
import dev.bosun.config.Opt;
import dev.bosun.config.OptionGroup;
import dev.bosun.notify.Notifier;
import dev.bosun.servicegroup.ServiceStore;
import dev.bosun.transport.MessagingOptions;
import dev.bosun.transport.Transport;
import dev.bosun.transport.Transports;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's messaging, set up from the configuration: its {@link Notifier} and its RPC clients to
 * other services, as a nova or cinder manager has them ({@code self.notifier =
 * rpc.get_notifier(service_name, host)}, {@code rpc.get_client(target, version_cap)}). A manager
 * reaches it through {@link dev.bosun.manager.ManagerContext#messaging()}.
 *
 * <pre>{@code
 * Messaging messaging = context.messaging().orElseThrow();
 * messaging.notifier().info(ctx, "volume.create.end", payload);   // publisher volume.host1
 * SchedulerApi scheduler = messaging.client(SchedulerApi.class);  // [upgrade_levels] scheduler
 * }</pre>
 *
 * <p><b>Notifier.</b> Publisher id {@code <serviceName>.<host>} (oslo's {@code service.host});
 * drivers and topics from {@code [oslo_messaging_notifications] driver} and {@code topics}; the
 * exchange is {@code [DEFAULT] control_exchange}. Notifications go over {@code
 * [oslo_messaging_notifications] transport_url} when it is set (opened once, when this object is
 * built, and closed with it), else over the RPC transport. With no driver (oslo's default) nothing
 * is sent, and sending costs a field read: notify without checking. Unlike oslo, the separate
 * notification transport is not opened at all unless a {@code messaging} or {@code messagingv2}
 * driver is configured.
 *
 * <p><b>RPC clients.</b> Every client has {@code rpc_response_timeout} and {@code control_exchange}
 * from the configuration and the version cap of its topic from {@code [upgrade_levels] <topic>}:
 * {@code auto} caps it at the oldest {@code rpc_current_version} of the up services of the topic in
 * the services table (one shared {@link VersionCaps}, see {@link VersionCap} for when it is read),
 * a version such as {@code 1.2} caps it there, and an empty or unset value means no cap, as in
 * nova. All clients share one reply queue (as in oslo, one per transport), consumed from the first
 * call. Clients are made once per API or target and cached; do not close them: {@link #close()}
 * does.
 *
 * <p><b>{@code [upgrade_levels]} options.</b> Bosun cannot know every topic a service will call, so
 * the option {@code [upgrade_levels] <topic>} is registered with the configuration when the first
 * client of that topic is made ({@link #upgradeLevel(String)}). Values from config files and {@code
 * BOSUN_UPGRADE_LEVELS__<TOPIC>} are found then, but the command line is parsed when the
 * configuration is built, so {@code --upgrade-levels-<topic>} works only for topics declared up
 * front: a {@link dev.bosun.service.ServiceDefinition} lists them in {@code calledTopics()} and
 * {@code bosun run} registers them before building the configuration ({@link
 * #upgradeLevels(Collection)}). An option {@code [upgrade_levels] <topic>} registered by someone
 * else beforehand is read as it is. The section is {@linkplain dev.bosun.config.OptionGroup#open()
 * open} ({@link MessagingOptions#UPGRADE_LEVELS}), so a file that sets a topic not declared up
 * front gets no "unknown option" warning at start.
 *
 * <p><b>Reset.</b> {@link #reset()} forgets the automatic caps, so each is read again from the
 * services table on its next request: what SIGHUP does (cinder's {@code LAST_RPC_VERSIONS} cleared
 * in {@code Manager.reset()}). A {@link dev.bosun.service.ManagerService} whose manager has a
 * {@code Messaging} calls it before the manager's own {@code reset()}. Fixed caps keep the value
 * read when the client was made.
 *
 * <p><b>Threads.</b> Every method is thread-safe and may be called from RPC handlers, periodic
 * tasks and hooks at once; the first client of a topic is made under a lock (it may register an
 * option), later lookups take none. {@link #reset()} may run while calls are in flight.
 *
 * <p><b>Ownership.</b> The RPC transport and the services table are the caller's: {@link #close()}
 * closes the clients and the notification transport this object opened, never the transport or
 * store it was given. One {@code Messaging} serves one manager (its publisher id names it); a
 * process with several services builds one for each.
 */
public final class Messaging implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Messaging.class);

  /** The section of the per-topic RPC version caps, as nova names it. */
  public static final String UPGRADE_LEVELS = "upgrade_levels";

  private static final Pattern OPTION_NAME = Pattern.compile("[a-z][a-z0-9_]*");
  private static final Set<String> TRANSPORT_DRIVERS = Set.of("messaging", "messagingv2");

  private final Config config;
  private final Transport transport;
  private final String host;
  private final String serviceName;
  private final Optional<VersionCaps> versionCaps;
  private final Optional<Transport> notificationTransport;
  private final Notifier notifier;
  private final RpcClient base;
  private final Map<String, VersionCap> capsByTopic = new ConcurrentHashMap<>();
  private final Map<Object, Object> clients = new ConcurrentHashMap<>();
  private final Object createLock = new Object();
  private final AtomicBoolean closed = new AtomicBoolean();

  private Messaging(Builder b) {
    this.config = b.config;
    this.transport = b.transport;
    this.host = Objects.requireNonNull(b.host, "host"); // checked by build()
    this.serviceName = Objects.requireNonNull(b.serviceName, "serviceName");
    this.versionCaps = b.store.map(VersionCaps::create);
    MessagingOptions options = new MessagingOptions();
    options.optionGroups().forEach(config::register);
    List<String> drivers = config.get(MessagingOptions.NOTIFICATION_DRIVER);
    List<String> topics = config.get(MessagingOptions.NOTIFICATION_TOPICS);
    String exchange = config.get(MessagingOptions.CONTROL_EXCHANGE);
    Duration timeout = config.get(MessagingOptions.RPC_RESPONSE_TIMEOUT);
    boolean needsTransport = drivers.stream().anyMatch(TRANSPORT_DRIVERS::contains);
    Notifier viaRpcTransport;
    try {
      viaRpcTransport =
          Notifier.builder(transport)
              .publisherId(serviceName + "." + host)
              .drivers(drivers)
              .topics(topics)
              .exchange(exchange)
              .build();
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          "[oslo_messaging_notifications] driver "
              + drivers
              + ", topics "
              + topics
              + ": "
              + e.getMessage(),
          e);
    }
    RpcClient.Builder client =
        RpcClient.builder(transport)
            .controlExchange(exchange)
            .timeout(timeout)
            .allowedRemoteExmods(b.allowedRemoteExmods);
    b.classLoader.ifPresent(client::classLoader);
    this.base = client.build();
    this.notificationTransport =
        needsTransport && config.find(MessagingOptions.NOTIFICATION_TRANSPORT_URL).isPresent()
            ? Optional.of(openNotificationTransport(config, base))
            : Optional.empty();
    this.notifier =
        notificationTransport
            .map(
                separate ->
                    Notifier.builder(separate)
                        .publisherId(viaRpcTransport.publisherId())
                        .drivers(drivers)
                        .topics(topics)
                        .exchange(exchange)
                        .build())
            .orElse(viaRpcTransport);
    LOG.info(
        "Messaging of {}@{}: RPC via {}; notifications {}",
        serviceName,
        host,
        transport.describe(),
        describeNotifications(drivers, topics));
  }

  /**
   * A builder reading {@code config} (the {@link MessagingOptions} are registered with it when they
   * are not yet) and sending RPC over {@code transport}.
   */
  public static Builder builder(Config config, Transport transport) {
    return new Builder(
        Objects.requireNonNull(config, "config"), Objects.requireNonNull(transport, "transport"));
  }

  /**
   * The option {@code [upgrade_levels] <topic>}: a string without default, {@code auto}, a version,
   * or empty. A topic's {@code -} and {@code .} become {@code _} in the option name (as the
   * configuration reads them anyway).
   *
   * @throws IllegalArgumentException when {@code topic} cannot be an option name
   */
  public static Opt<String> upgradeLevel(String topic) {
    return Opt.string(optionName(topic))
        .group(UPGRADE_LEVELS)
        .help(
            "The highest RPC version sent to the "
                + topic
                + " services: 'auto' for the "
                + "version of the oldest "
                + topic
                + " service running (read from the services "
                + "table; read again on SIGHUP), a version such as 1.2, or empty for no cap. Set it "
                + "during a rolling upgrade, while old "
                + topic
                + " services still run.")
        .build();
  }

  /**
   * The {@code [upgrade_levels]} section with the options of {@code topics}, to register early;
   * {@linkplain OptionGroup#open() open}, as {@link MessagingOptions#UPGRADE_LEVELS}.
   */
  public static OptionGroup upgradeLevels(Collection<String> topics) {
    List<Opt<?>> options = new ArrayList<>();
    for (String topic : new LinkedHashSet<>(topics)) {
      options.add(upgradeLevel(topic));
    }
    return new OptionGroup(UPGRADE_LEVELS, MessagingOptions.UPGRADE_LEVELS.help(), options, true);
  }

  /** The host of the service, e.g. {@code host1}. */
  public String host() {
    return host;
  }

  /** The service name, e.g. {@code volume}. */
  public String serviceName() {
    return serviceName;
  }

  /** The transport RPC goes over (not closed by {@link #close()}). */
  public Transport transport() {
    return transport;
  }

  /**
   * The service's notifier: publisher id {@code <serviceName>.<host>}; see the class comment.
   * {@code notifier().prepare()} derives one with another publisher id or topics.
   */
  public Notifier notifier() {
    return notifier;
  }

  /**
   * A typed client for the {@link RpcApi} interface {@code api}, sending to its topic with that
   * topic's version cap; the same proxy on every call. For an API whose {@code @RpcApi} names no
   * topic, use {@code client(Target.topic(topic)).proxy(api)}.
   *
   * @throws IllegalArgumentException when {@code api} is not an {@code @RpcApi} interface with a
   *     topic, or is malformed (see {@link RpcClient#proxy(Class)})
   * @throws ConfigException when {@code [upgrade_levels] <topic>} holds a bad value, or says {@code
   *     auto} and there is no services table
   * @throws IllegalStateException when this is closed
   */
  public <T> T client(Class<T> api) {
    Objects.requireNonNull(api, "api");
    Object cached = clients.get(api);
    if (cached != null) {
      return api.cast(cached);
    }
    RpcApi annotation = api.getAnnotation(RpcApi.class);
    if (annotation == null || annotation.topic().isBlank()) {
      throw new IllegalArgumentException(
          api.getName()
              + (annotation == null
                  ? " is not annotated with @RpcApi"
                  : "'s @RpcApi names no topic")
              + "; use client(Target.topic(...)).proxy("
              + api.getSimpleName()
              + ".class)");
    }
    synchronized (createLock) {
      checkOpen();
      return api.cast(
          clients.computeIfAbsent(
              api, key -> prepared(Target.topic(annotation.topic())).proxy(api)));
    }
  }

  /**
   * An untyped client for {@code target} with the version cap of its topic; the same client on
   * every call with an equal target. Use {@link RpcClient#prepare} for variants (they share the
   * cap); do not close it.
   *
   * @throws ConfigException when {@code [upgrade_levels] <topic>} holds a bad value, or says {@code
   *     auto} and there is no services table
   * @throws IllegalStateException when this is closed
   */
  public RpcClient client(Target target) {
    Objects.requireNonNull(target, "target");
    Object cached = clients.get(target);
    if (cached != null) {
      return (RpcClient) cached;
    }
    synchronized (createLock) {
      checkOpen();
      return (RpcClient) clients.computeIfAbsent(target, key -> prepared(target));
    }
  }

  /**
   * The version cap of {@code topic} from {@code [upgrade_levels] <topic>}, as every client of the
   * topic has it, registering the option when it is not yet; the same cap on every call. {@code
   * versionCap("volume").current()} is the cap in force now.
   *
   * @throws ConfigException when the setting is not {@code auto}, a version or empty, or says
   *     {@code auto} and there is no services table
   * @throws IllegalArgumentException when {@code topic} cannot be an option name
   */
  public VersionCap versionCap(String topic) {
    VersionCap cap = capsByTopic.get(Objects.requireNonNull(topic, "topic"));
    if (cap != null) {
      return cap;
    }
    synchronized (createLock) {
      return capsByTopic.computeIfAbsent(topic, this::capFromConfig);
    }
  }

  /**
   * Forgets every automatic version cap, so each is read again from the services table on its next
   * request: SIGHUP, after the last old service of an upgraded topic is gone. Never blocks on a
   * read in progress. Does nothing without a services table.
   */
  public void reset() {
    versionCaps.ifPresent(VersionCaps::reset);
  }

  /** Writes the notifier and the version caps of the topics called so far, for reports. */
  public void report(StringBuilder out) {
    out.append("notifier: ").append(notifier).append('\n');
    capsByTopic.forEach(
        (topic, cap) ->
            out.append("rpc version cap of ").append(topic).append(": ").append(cap).append('\n'));
  }

  /**
   * Closes the clients (calls still waiting fail) and the notification transport this object
   * opened; not the RPC transport or the services table it was given. Idempotent; afterwards {@code
   * client(...)} throws, and notifications over a separate transport fail.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    synchronized (createLock) {
      try {
        base.close();
      } finally {
        clients.clear();
        notificationTransport.ifPresent(Transport::close);
      }
    }
  }

  @Override
  public String toString() {
    return "Messaging[" + serviceName + "@" + host + ", " + transport.describe() + "]";
  }

  private static Transport openNotificationTransport(Config config, RpcClient base) {
    try {
      return Transports.open(config, MessagingOptions.NOTIFICATION_TRANSPORT_URL);
    } catch (RuntimeException e) {
      base.close();
      throw e;
    }
  }

  private RpcClient prepared(Target target) {
    VersionCap cap = versionCap(target.topic());
    return base.prepare(
        p -> {
          p.topic(target.topic()).versionCap(cap).fanout(target.fanout());
          target.exchange().ifPresent(p::exchange);
          target.server().ifPresentOrElse(p::server, p::anyServer);
          target.namespace().ifPresentOrElse(p::namespace, p::noNamespace);
          target.version().ifPresentOrElse(p::version, p::noVersion);
        });
  }

  private VersionCap capFromConfig(String topic) {
    Opt<String> declared = upgradeLevel(topic);
    String name = declared.name();
    String setting =
        config
            .option(UPGRADE_LEVELS, name)
            .map(registered -> config.value(UPGRADE_LEVELS, name).map(registered::formatUntyped))
            .orElseGet(() -> config.register(declared).find(declared))
            .orElse("")
            .trim();
    String where = "[" + UPGRADE_LEVELS + "] " + name;
    VersionCap cap;
    if (setting.isEmpty()) {
      cap = VersionCap.none();
    } else if (setting.toLowerCase(Locale.ROOT).equals(VersionCaps.AUTO)) {
      cap =
          versionCaps
              .orElseThrow(
                  () ->
                      new ConfigException(
                          where
                              + " = "
                              + setting
                              + " needs the services table to find the oldest running "
                              + topic
                              + " service, and "
                              + serviceName
                              + "@"
                              + host
                              + " has none; set a version such as 1.2, or leave it empty"
                              + " for no cap"))
              .auto(topic);
    } else {
      try {
        cap = VersionCap.fixed(setting);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(
            where
                + " must be '"
                + VersionCaps.AUTO
                + "', a version like "
                + "1.2, or empty for no cap; found '"
                + setting
                + "'",
            e);
      }
    }
    if (!cap.equals(VersionCap.none())) {
      LOG.info(
          "RPC requests of {}@{} to {} are capped at {} ({} = {})",
          serviceName,
          host,
          topic,
          cap.automatic() ? "the oldest running " + topic + " service's version" : cap,
          where,
          setting);
    }
    return cap;
  }

  private static String optionName(String topic) {
    if (topic == null || topic.isBlank()) {
      throw new IllegalArgumentException("topic must not be blank, found '" + topic + "'");
    }
    String name = topic.trim().toLowerCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    if (!OPTION_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "Topic '"
              + topic
              + "' cannot name an ["
              + UPGRADE_LEVELS
              + "] option: it must start with a letter and hold only letters, "
              + "digits, '_', '-' and '.'");
    }
    return name;
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException(
          "The messaging of "
              + serviceName
              + "@"
              + host
              + " is closed; it cannot make RPC clients any more");
    }
  }

  private String describeNotifications(List<String> drivers, List<String> topics) {
    if (!notifier.isEnabled()) {
      return "off (no [oslo_messaging_notifications] driver)";
    }
    return "via drivers "
        + drivers
        + " to topics "
        + topics
        + " on "
        + notificationTransport.orElse(transport).describe();
  }

  /** Builds a {@link Messaging}. Not thread-safe. */
  public static final class Builder {
    private final Config config;
    private final Transport transport;
    private @Nullable String host;
    private @Nullable String serviceName;
    private Optional<ServiceStore> store = Optional.empty();
    private List<String> allowedRemoteExmods = List.of();
    private Optional<ClassLoader> classLoader = Optional.empty();

    private Builder(Config config, Transport transport) {
      this.config = config;
      this.transport = transport;
    }

    /** Required: the host the service runs as ({@code [DEFAULT] host}), e.g. {@code host1}. */
    public Builder host(String value) {
      this.host = nonBlank(value, "host");
      return this;
    }

    /** Required: the aspect served, e.g. {@code volume}; the publisher id's first part. */
    public Builder serviceName(String value) {
      this.serviceName = nonBlank(value, "serviceName");
      return this;
    }

    /**
     * The services table that {@code [upgrade_levels] <topic> = auto} reads; without it an {@code
     * auto} setting is a configuration error when its first client is made.
     */
    public Builder store(ServiceStore value) {
      this.store = Optional.of(Objects.requireNonNull(value, "store"));
      return this;
    }

    /** See {@link RpcClient.Builder#allowedRemoteExmods(Collection)}; default none. */
    public Builder allowedRemoteExmods(Collection<String> packages) {
      this.allowedRemoteExmods = List.copyOf(packages);
      return this;
    }

    /** Where allowed remote exception classes are loaded from; default the thread's. */
    public Builder classLoader(ClassLoader value) {
      this.classLoader = Optional.of(Objects.requireNonNull(value, "classLoader"));
      return this;
    }

    /**
     * The messaging; opens the notification transport when one is configured and a transport driver
     * uses it.
     *
     * @throws IllegalStateException when host or serviceName is missing
     * @throws ConfigException when the notification options or URL are bad
     * @throws dev.bosun.transport.TransportException when the notification transport cannot be
     *     opened
     */
    public Messaging build() {
      if (host == null || serviceName == null) {
        throw new IllegalStateException(
            "Messaging needs a host and a serviceName, found host "
                + host
                + " and serviceName "
                + serviceName);
      }
      return new Messaging(this);
    }

    private static String nonBlank(String value, String what) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(what + " must not be blank, found '" + value + "'");
      }
      return value;
    }
  }
}
