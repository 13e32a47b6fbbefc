package dev.bosun.transport;

import dev.bosun.config.Opt;
import dev.bosun.config.OptionGroup;
import dev.bosun.config.OptionProvider;
import java.time.Duration;
import java.util.List;

/**
 * The messaging options, with oslo.messaging's names and defaults. The one default Bosun changes is
 * {@code transport_url}: {@code memory://}, the in-process transport, so a service runs with no
 * broker; oslo has no default.
 */
public final class MessagingOptions implements OptionProvider {

  public static final Opt<String> TRANSPORT_URL =
      Opt.string("transport_url")
          .defaultValue("memory://")
          .secretPassword()
          .help(
              "Where RPC messages and notifications go: memory://[name] (in this process) or "
                  + "rabbit://user:pass@host:5672[,user:pass@host2:5672]/vhost (RabbitMQ, wire-compatible "
                  + "with oslo.messaging).")
          .build();

  public static final Opt<String> CONTROL_EXCHANGE =
      Opt.string("control_exchange")
          .defaultValue("openstack")
          .help(
              "The exchange that RPC and notifications use when a target names none. Must match "
                  + "the Python services on the same bus.")
          .build();

  public static final Opt<Duration> RPC_RESPONSE_TIMEOUT =
      Opt.duration("rpc_response_timeout")
          .defaultValue(Duration.ofSeconds(60))
          .min(Duration.ofMillis(1))
          .help(
              "How long a call waits for its reply; also the request's time to live on the broker.")
          .build();

  public static final Opt<Integer> EXECUTOR_THREAD_POOL_SIZE =
      Opt.integer("executor_thread_pool_size")
          .defaultValue(64)
          .min(1)
          .help(
              "How many RPC requests a server handles at once (on Java 21+ each on its own virtual"
                  + " thread, on 17 in a pool of this size). Also how many unacked requests each of"
                  + " the server's queues may hand it: the RabbitMQ prefetch when"
                  + " rabbit_qos_prefetch_count is 0. Bounds the memory a flood of requests takes.")
          .build();

  public static final Opt<List<String>> NOTIFICATION_DRIVER =
      Opt.list("driver")
          .group("oslo_messaging_notifications")
          .defaultValue(List.of())
          .help(
              "How notifications are sent: messagingv2 (the 2.0 envelope), messaging (the bare 1.0 "
                  + "body), log, noop; several at once are allowed. Empty sends nothing.")
          .build();

  public static final Opt<List<String>> NOTIFICATION_TOPICS =
      Opt.list("topics")
          .group("oslo_messaging_notifications")
          .defaultValue(List.of("notifications"))
          .help("Topics notifications are published to, as <topic>.<priority>.")
          .build();

  public static final Opt<String> NOTIFICATION_TRANSPORT_URL =
      Opt.string("transport_url")
          .group("oslo_messaging_notifications")
          .secretPassword()
          .help(
              "A separate transport for notifications; when unset they use [DEFAULT] transport_url.")
          .build();

  /**
   * The {@code [upgrade_levels]} section, {@linkplain OptionGroup#open() open}: its options, one
   * per topic ({@code dev.bosun.rpc.Messaging#upgradeLevel(String)}), are registered when a manager
   * makes the first RPC client of a topic, so any name in it is legitimate and {@link
   * dev.bosun.config.Config#warnUnknown()} must not call it unknown. It is declared here, with no
   * options, because every path registers these groups: the CLI finds them on the class path
   * ({@link OptionProvider}) before it warns, and {@code Messaging} registers them with any config
   * it is given.
   */
  public static final OptionGroup UPGRADE_LEVELS =
      OptionGroup.of("upgrade_levels", "RPC version caps per topic, for rolling upgrades.")
          .asOpen();

  @Override
  public List<OptionGroup> optionGroups() {
    return List.of(
        OptionGroup.of(
            "DEFAULT",
            "Options of every service.",
            TRANSPORT_URL,
            CONTROL_EXCHANGE,
            RPC_RESPONSE_TIMEOUT,
            EXECUTOR_THREAD_POOL_SIZE),
        OptionGroup.of(
            "oslo_messaging_notifications",
            "Notifications.",
            NOTIFICATION_DRIVER,
            NOTIFICATION_TOPICS,
            NOTIFICATION_TRANSPORT_URL),
        UPGRADE_LEVELS);
  }
}
