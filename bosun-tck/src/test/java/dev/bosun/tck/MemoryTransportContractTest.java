package dev.bosun.tck;

import dev.bosun.transport.Transport;
import dev.bosun.transport.TransportUrl;
import dev.bosun.transport.Transports;
import java.util.UUID;

/**
 * The memory transport against the transport contract. It lives here rather than in bosun-core
 * because bosun-tck depends on bosun-core, not the other way round. Each test instance gets its own
 * bus name, so tests never see each other's queues.
 */
class MemoryTransportContractTest extends TransportContract {
  private final TransportUrl url = TransportUrl.parse("memory://tck-" + UUID.randomUUID());

  @Override
  protected Transport openTransport() {
    return Transports.open(url);
  }
}
