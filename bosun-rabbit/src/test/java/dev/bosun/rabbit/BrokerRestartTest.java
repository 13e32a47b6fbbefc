package dev.bosun.rabbit;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bosun.tck.PrivateRabbitNode;
import dev.bosun.transport.Destination;
import dev.bosun.transport.PublishOptions;
import dev.bosun.transport.Source;
import dev.bosun.transport.Subscription;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A broker restart (on a node the test starts itself): the non-durable topology is gone afterwards,
 * and the transport declares it again and consumes from the same queue names.
 */
class BrokerRestartTest {

  @Test
  void subscriptionsResumeAfterTheBrokerRestarts() throws Exception {
    try (PrivateRabbitNode node = new PrivateRabbitNode()) {
      node.start();
      try (RabbitTransport t =
          RabbitTransport.builder()
              .broker(RabbitBroker.guest("127.0.0.1", node.port()))
              .options(ConnectionLossTest.FAST_RECONNECT)
              .build()) {
        BlockingQueue<String> shared = new LinkedBlockingQueue<>();
        BlockingQueue<String> fanout = new LinkedBlockingQueue<>();
        BlockingQueue<String> replies = new LinkedBlockingQueue<>();
        t.subscribe(Source.Shared.of("openstack", "restart"), collect(shared));
        t.subscribe(new Source.Fanout("restart"), collect(fanout));
        Subscription reply = t.subscribe(new Source.Reply(), collect(replies));
        publishAll(t, reply, "before");
        assertThat(shared.poll(10, SECONDS)).isEqualTo("\"before\"");
        assertThat(fanout.poll(10, SECONDS)).isEqualTo("\"before\"");
        assertThat(replies.poll(10, SECONDS)).isEqualTo("\"before\"");

        node.stop();
        node.start();

        await()
            .atMost(2, TimeUnit.MINUTES)
            .ignoreExceptions()
            .until(
                () -> {
                  publishAll(t, reply, "after");
                  return true;
                });
        assertThat(shared.poll(30, SECONDS)).isEqualTo("\"after\"");
        assertThat(fanout.poll(30, SECONDS)).isEqualTo("\"after\"");
        assertThat(replies.poll(30, SECONDS)).isEqualTo("\"after\"");
      }
    }
  }

  /** Mandatory publishes: they fail until the subscriptions have re-declared their queues. */
  private static void publishAll(RabbitTransport t, Subscription reply, String text)
      throws Exception {
    byte[] body = ("\"" + text + "\"").getBytes(StandardCharsets.UTF_8);
    PublishOptions mandatory = PublishOptions.DEFAULT.withMandatory(true);
    t.publish(new Destination.Topic("openstack", "restart"), body, mandatory).get(10, SECONDS);
    t.publish(new Destination.Fanout("restart"), body, mandatory).get(10, SECONDS);
    t.publish(new Destination.Reply(reply.queue()), body, mandatory).get(10, SECONDS);
  }

  private static dev.bosun.transport.DeliveryHandler collect(BlockingQueue<String> into) {
    return d -> {
      into.add(new String(d.body(), StandardCharsets.UTF_8));
      d.ack();
    };
  }
}
