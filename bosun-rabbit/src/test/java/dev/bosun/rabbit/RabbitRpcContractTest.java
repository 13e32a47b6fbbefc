package dev.bosun.rabbit;

import dev.bosun.tck.ExternalServices;
import dev.bosun.tck.RpcContract;
import dev.bosun.transport.Transport;
import dev.bosun.transport.TransportUrl;
import dev.bosun.transport.Transports;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;

/** The RabbitMQ transport against the RPC contract (RpcClient and RpcServer on RabbitMQ), on the shared broker. */
class RabbitRpcContractTest extends RpcContract {

  @BeforeEach
  void needsRabbit() {
    ExternalServices.assumeReachable(ExternalServices.RABBITMQ);
  }

  @Override
  protected Transport openTransport() {
    ExternalServices.assumeReachable(ExternalServices.RABBITMQ);
    return Transports.open(TransportUrl.parse("rabbit://guest:guest@127.0.0.1:5672/"), Map.of());
  }

  @AfterAll
  static void deleteWhatTheSuiteDeclared() throws Exception {
    if (TckCleanup.reachable()) {
      TckCleanup.deleteTckEntities();
    }
  }
}
