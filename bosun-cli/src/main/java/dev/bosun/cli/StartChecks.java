package dev.bosun.cli;

import dev.bosun.config.Config;
import dev.bosun.config.ConfigException;
import dev.bosun.db.DatabaseOptions;
import dev.bosun.notify.Notifier;
import dev.bosun.transport.MessagingOptions;
import dev.bosun.transport.Transport;
import dev.bosun.transport.TransportUrl;
import dev.bosun.transport.Transports;
import java.util.List;
import java.util.Optional;

/**
 * Everything {@code bosun run} checks of the configuration before its first connection, in one
 * place, so that {@code bosun config show} rejects exactly what {@code run} rejects: the {@code
 * [database]} options and {@code state_path}, {@code service_down_time}, {@code transport_url} (its
 * form, port and scheme, and the options of its transport), {@code control_exchange} and the
 * notification options. Connects nowhere and creates nothing.
 */
final class StartChecks {
  private StartChecks() {}

  /**
   * @throws ConfigException naming the first option that is wrong and its value
   */
  static void check(Config config) {
    DatabaseOptions.serviceDownTime(config);
    DatabaseOptions.connection(config);
    Transports.check(config, MessagingOptions.TRANSPORT_URL);
    checkMessagingOptions(config);
  }

  /**
   * {@code control_exchange} (oslo takes any string; a blank one names no exchange at all), the
   * notification transport URL, which is parsed whether or not a driver uses it, as oslo.messaging
   * does, and the notification driver and topics.
   */
  private static void checkMessagingOptions(Config config) {
    String exchange = config.get(MessagingOptions.CONTROL_EXCHANGE);
    if (exchange.isBlank()) {
      throw new ConfigException(
          MessagingOptions.CONTROL_EXCHANGE
              + " must name an exchange, found '"
              + exchange
              + "'; oslo's default is 'openstack', and it must match the "
              + "other services on the bus");
    }
    Optional<String> notificationUrl = config.find(MessagingOptions.NOTIFICATION_TRANSPORT_URL);
    if (notificationUrl.isPresent()) {
      Transports.check(config, MessagingOptions.NOTIFICATION_TRANSPORT_URL);
    }
    // the notifier's own rules, on a transport that goes nowhere, so that the error names the
    // option that is wrong
    try (Transport nowhere =
        Transports.open(TransportUrl.parse("memory://bosun-start-checks-" + System.nanoTime()))) {
      try {
        Notifier.builder(nowhere).drivers(config.get(MessagingOptions.NOTIFICATION_DRIVER));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(MessagingOptions.NOTIFICATION_DRIVER + ": " + e.getMessage(), e);
      }
      List<String> topics = config.get(MessagingOptions.NOTIFICATION_TOPICS);
      try {
        Notifier.builder(nowhere).topics(topics);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(
            MessagingOptions.NOTIFICATION_TOPICS + ": " + e.getMessage() + ", found " + topics, e);
      }
    }
  }
}
