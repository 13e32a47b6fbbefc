package dev.bosun.rabbit;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.bosun.tck.ExternalServices;
import dev.bosun.tck.TcpProxy;
import dev.bosun.transport.Destination;
import dev.bosun.transport.PublishOptions;
import dev.bosun.transport.Source;
import dev.bosun.transport.Subscription;
import dev.bosun.transport.TransportException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A service that starts before its broker ({@code bosun run} while RabbitMQ is still booting): the
 * transport builds, subscriptions made meanwhile consume once the broker answers, and publishes
 * fail clearly until then. The broker is "down" behind a proxy the test owns.
 */
class BrokerNotYetReachableTest {

  @Test
  void aConsumerSubscribedBeforeTheBrokerWasReachableReceivesWhatIsPublishedAfter()
      throws Exception {
    ExternalServices.assumeReachable(ExternalServices.RABBITMQ);
    String exchange = RawBroker.unique("late");
    String topic = RawBroker.unique("late");
    Logger log = (Logger) LoggerFactory.getLogger(Consumers.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    log.addAppender(logged);
    try (RawBroker raw = new RawBroker().exchange(exchange).queue(topic);
        TcpProxy proxy = TcpProxy.create(5672)) {
      proxy.cut();
      try (RabbitTransport t =
          RabbitTransport.builder()
              .broker(RabbitBroker.guest("127.0.0.1", proxy.port()))
              .options(ConnectionLossTest.FAST_RECONNECT)
              .connectionName("bosun-late-test")
              .build()) {
        BlockingQueue<String> shared = new LinkedBlockingQueue<>();
        BlockingQueue<String> replies = new LinkedBlockingQueue<>();
        t.subscribe(
            Source.Shared.of(exchange, topic),
            d -> {
              shared.add(new String(d.body(), StandardCharsets.UTF_8));
              d.ack();
            });
        Subscription reply =
            t.subscribe(
                new Source.Reply(),
                d -> {
                  replies.add(new String(d.body(), StandardCharsets.UTF_8));
                  d.ack();
                });
        byte[] body = "{\"n\": 1}".getBytes(StandardCharsets.UTF_8);
        PublishOptions mandatory = PublishOptions.DEFAULT.withMandatory(true);

        assertThatThrownBy(
                () ->
                    t.publish(new Destination.Topic(exchange, topic), body, mandatory)
                        .get(30, SECONDS))
            .cause()
            .isInstanceOf(TransportException.class)
            .hasMessageContaining(
                "Not connected to RabbitMQ at 127.0.0.1:" + proxy.port() + " yet; retrying every");
        assertThat(logged.list)
            .anySatisfy(
                e -> {
                  assertThat(e.getLevel()).isEqualTo(Level.WARN);
                  assertThat(e.getFormattedMessage())
                      .startsWith("Cannot connect to RabbitMQ at 127.0.0.1:" + proxy.port())
                      .contains("retrying in");
                });

        proxy.restore();
        // mandatory: it fails until the subscription has declared and bound its queue
        await()
            .atMost(60, SECONDS)
            .ignoreExceptions()
            .until(
                () -> {
                  t.publish(new Destination.Topic(exchange, topic), body, mandatory)
                      .get(30, SECONDS);
                  return true;
                });
        assertThat(shared.poll(30, SECONDS)).isEqualTo("{\"n\": 1}");
        t.publish(new Destination.Reply(reply.queue()), body, mandatory).get(30, SECONDS);
        assertThat(replies.poll(30, SECONDS)).isEqualTo("{\"n\": 1}");
        assertThat(logged.list)
            .anySatisfy(
                e -> {
                  assertThat(e.getLevel()).isEqualTo(Level.INFO);
                  assertThat(e.getFormattedMessage())
                      .startsWith("Connected to RabbitMQ at 127.0.0.1:" + proxy.port())
                      .contains("consuming from 2 of 2 subscription(s)");
                });
      }
    } finally {
      log.detachAppender(logged);
    }
  }

  @Test
  void failFastRefusesToBuildWithoutABroker() throws Exception {
    try (TcpProxy proxy = TcpProxy.create(5672)) {
      proxy.cut();
      assertThatThrownBy(
              () ->
                  RabbitTransport.builder()
                      .broker(RabbitBroker.guest("127.0.0.1", proxy.port()))
                      .failFast(true)
                      .build())
          .isInstanceOf(TransportException.class)
          .hasMessageContaining("Cannot connect to RabbitMQ")
          .hasMessageContaining("127.0.0.1:" + proxy.port());
    }
  }
}
