package dev.bosun.rabbit;

import dev.bosun.tck.NotificationContract;
import dev.bosun.transport.Transport;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The RabbitMQ transport against the notification contract (Notifier and NotificationListener on
 * RabbitMQ), on the shared broker.
 */
@ExtendWith(SharedBroker.class)
class RabbitNotificationContractTest extends NotificationContract {
  @Override
  protected Transport openTransport() {
    return SharedBroker.openTransport();
  }
}
