package dev.bosun.tck;

import dev.bosun.transport.Transport;
import dev.bosun.transport.TransportUrl;
import dev.bosun.transport.Transports;
import java.util.UUID;

/** The RPC contract over the memory transport; each test instance gets its own bus. */
class MemoryRpcContractTest extends RpcContract {
  private final TransportUrl url = TransportUrl.parse("memory://tck-rpc-" + UUID.randomUUID());

  @Override
  protected Transport openTransport() {
    return Transports.open(url);
  }
}
