package dev.bosun.rabbit;

import com.rabbitmq.client.Channel;
import java.util.List;

/**
 * Deletes what the bosun-tck suites declared on the shared broker: their names all start with
 * {@code tck_} or {@code tck-} (queues, exchanges, fanout exchanges and queues).
 */
final class TckCleanup {
  private TckCleanup() {}

  static boolean reachable() {
    try (java.net.Socket s = new java.net.Socket()) {
      s.connect(new java.net.InetSocketAddress("127.0.0.1", 5672), 2000);
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  static void deleteTckEntities() throws Exception {
    List<String> queues = RabbitTransportTest.rabbitmqctl("list_queues", "name");
    List<String> exchanges = RabbitTransportTest.rabbitmqctl("list_exchanges", "name");
    try (RawBroker raw = new RawBroker(); Channel ch = raw.channel()) {
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
