package dev.bosun.rabbit;

import dev.bosun.tck.RpcContract;
import dev.bosun.transport.Transport;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The RabbitMQ transport against the RPC contract (RpcClient and RpcServer on RabbitMQ), on the
 * shared broker.
 */
@ExtendWith(SharedBroker.class)
class RabbitRpcContractTest extends RpcContract {
  @Override
  protected Transport openTransport() {
    return SharedBroker.openTransport();
  }
}
