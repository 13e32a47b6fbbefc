package dev.bosun.rabbit;

import com.rabbitmq.client.Channel;
import dev.bosun.tck.ExternalServices;
import dev.bosun.transport.Transport;
import dev.bosun.transport.TransportUrl;
import dev.bosun.transport.Transports;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The bosun-tck suites on the shared RabbitMQ broker on 127.0.0.1:5672: a suite class extended with
 * this skips (or fails on CI) each test when the broker is not there, opens its transports with
 * {@link #openTransport()}, and, after its last test, deletes what the suites declared: their names
 * all start with {@code tck_} or {@code tck-} (queues, exchanges, fanout exchanges and queues).
 */
final class SharedBroker implements BeforeEachCallback, AfterAllCallback {
  private static final String URL = "rabbit://guest:guest@127.0.0.1:5672/";

  /** A transport to the shared broker; skips (or fails on CI) when it is not there. */
  static Transport openTransport() {
    ExternalServices.assumeReachable(ExternalServices.RABBITMQ);
    return Transports.open(TransportUrl.parse(URL), Map.of());
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    ExternalServices.assumeReachable(ExternalServices.RABBITMQ);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (reachable()) {
      deleteTckEntities();
    }
  }

  @SuppressWarnings("AddressSelection") // a literal IPv4 address: there is no name to resolve
  private static boolean reachable() {
    try (java.net.Socket s = new java.net.Socket()) {
      s.connect(new java.net.InetSocketAddress("127.0.0.1", 5672), 2000);
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static void deleteTckEntities() throws Exception {
    List<String> queues = RabbitTransportTest.rabbitmqctl("list_queues", "name");
    List<String> exchanges = RabbitTransportTest.rabbitmqctl("list_exchanges", "name");
    try (RawBroker raw = new RawBroker();
        Channel ch = raw.channel()) {
      for (String q : queues) {
        if (q.startsWith("tck_") || q.startsWith("tck-")) {
          ch.queueDelete(q.trim());
        }
      }
      for (String x : exchanges) {
        if (x.startsWith("tck_") || x.startsWith("tck-")) {
          ch.exchangeDelete(x.trim());
        }
      }
    }
  }
}
