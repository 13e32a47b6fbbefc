package dev.bosun.rabbit;

import dev.bosun.tck.ExternalServices;
import dev.bosun.tck.TransportContract;
import dev.bosun.transport.Transport;
import dev.bosun.transport.TransportUrl;
import dev.bosun.transport.Transports;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;

/** The RabbitMQ transport against the byte-level transport contract, on the shared broker. */
class RabbitTransportContractTest extends TransportContract {

  @BeforeEach
  void needsRabbit() {
    ExternalServices.assumeReachable(ExternalServices.RABBITMQ);
  }

  @Override
  protected Transport openTransport() {
    return Transports.open(TransportUrl.parse("rabbit://guest:guest@127.0.0.1:5672/"), Map.of());
  }

  @AfterAll
  static void deleteWhatTheSuiteDeclared() throws Exception {
    if (ExternalServices.RABBITMQ != null && reachable()) {
      TckCleanup.deleteTckEntities();
    }
  }

  static boolean reachable() {
    try (java.net.Socket s = new java.net.Socket()) {
      s.connect(new java.net.InetSocketAddress("127.0.0.1", 5672), 2000);
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
