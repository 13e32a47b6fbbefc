package dev.bosun.faults;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.bosun.rabbit.RabbitBroker;
import dev.bosun.rabbit.RabbitOptions;
import dev.bosun.rabbit.RabbitTransport;
import dev.bosun.tck.PrivateRabbitNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * The private RabbitMQ node the scenarios share (a node takes 10 to 20 s to boot here), started on
 * first use and stopped when the suite ends. Never the machine's shared broker.
 */
final class Servers {
  private static PrivateRabbitNode rabbit;

  private Servers() {}

  /** The suite's node, started; a scenario that kills it starts it again before it returns. */
  static synchronized PrivateRabbitNode rabbit() {
    if (rabbit == null) {
      try {
        PrivateRabbitNode node = new PrivateRabbitNode();
        node.start();
        rabbit = node;
        // the suite's JVM killed or interrupted: no node left running
        Runtime.getRuntime().addShutdownHook(new Thread(Servers::closeAll, "faults-rabbit-stop"));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the suite's RabbitMQ node", e);
      }
    }
    return rabbit;
  }

  static String rabbitUrl() {
    return "rabbit://guest:guest@127.0.0.1:" + rabbit().port() + "/";
  }

  /** A transport to the suite's node, with durable queues when asked. */
  static RabbitTransport rabbitTransport(boolean durable) {
    return RabbitTransport.builder()
        .broker(RabbitBroker.guest("127.0.0.1", rabbit().port()))
        .options(RabbitOptions.builder().amqpDurableQueues(durable).build())
        .build();
  }

  /** Deletes queues on the suite's node (what a scenario left behind), ignoring missing ones. */
  static void deleteQueues(String... names) {
    ConnectionFactory f = new ConnectionFactory();
    f.setHost("127.0.0.1");
    f.setPort(rabbit().port());
    try (Connection c = f.newConnection("bosun-faults-cleanup")) {
      for (String name : names) {
        Channel ch = c.createChannel();
        try {
          ch.queueDelete(name);
          ch.close();
        } catch (IOException | TimeoutException | RuntimeException e) {
          // no such queue: the channel is closed by the broker
        }
      }
    } catch (IOException | TimeoutException e) {
      throw new IllegalStateException("cannot delete queues " + List.of(names), e);
    }
  }

  static synchronized void closeAll() {
    if (rabbit != null) {
      try {
        rabbit.close();
      } catch (IOException e) {
        System.err.println("Could not stop the suite's RabbitMQ node: " + e);
      }
      rabbit = null;
    }
  }
}
