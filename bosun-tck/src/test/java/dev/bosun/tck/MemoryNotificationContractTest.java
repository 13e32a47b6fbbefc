package dev.bosun.tck;

import dev.bosun.transport.Transport;
import dev.bosun.transport.TransportUrl;
import dev.bosun.transport.Transports;
import java.util.UUID;

/**
 * The notification contract over the memory transport; here for the reason given in {@link
 * MemoryTransportContractTest}.
 */
class MemoryNotificationContractTest extends NotificationContract {
  private final TransportUrl url = TransportUrl.parse("memory://tck-" + UUID.randomUUID());

  @Override
  protected Transport openTransport() {
    return Transports.open(url);
  }
}
