package dev.bosun.rabbit;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bosun.tck.ExternalServices;
import dev.bosun.tck.TcpProxy;
import dev.bosun.transport.Destination;
import dev.bosun.transport.PublishOptions;
import dev.bosun.transport.Source;
import dev.bosun.transport.Subscription;
import dev.bosun.transport.TransportException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A network cut between the transport and the broker (through a proxy the test owns): consumers
 * resume, and every publish the broker confirmed is delivered; publishes caught in the gap fail
 * loudly, none hangs.
 */
class ConnectionLossTest {
  static final RabbitOptions FAST_RECONNECT =
      RabbitOptions.builder()
          .kombuReconnectDelay(0.1)
          .rabbitRetryInterval(0)
          .rabbitRetryBackoff(1)
          .rabbitIntervalMax(1)
          .build();

  @Test
  void consumersResumeAndNoConfirmedPublishIsLostAcrossACut() throws Exception {
    ExternalServices.assumeReachable(ExternalServices.RABBITMQ);
    String exchange = RawBroker.unique("cut");
    String topic = RawBroker.unique("cut");
    try (RawBroker raw = new RawBroker().exchange(exchange).queue(topic);
        TcpProxy proxy = TcpProxy.create(5672);
        RabbitTransport t =
            RabbitTransport.builder()
                .broker(RabbitBroker.guest("127.0.0.1", proxy.port()))
                .options(FAST_RECONNECT)
                .connectionName("bosun-cut-test")
                .build()) {
      Set<String> received = ConcurrentHashMap.newKeySet();
      t.subscribe(
          Source.Shared.of(exchange, topic),
          d -> {
            received.add(new String(d.body(), StandardCharsets.UTF_8));
            d.ack();
          });
      LinkedBlockingQueue<String> replies = new LinkedBlockingQueue<>();
      Subscription reply =
          t.subscribe(
              new Source.Reply(),
              d -> {
                replies.add(new String(d.body(), StandardCharsets.UTF_8));
                d.ack();
              });

      Set<String> confirmed = ConcurrentHashMap.newKeySet();
      List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
      AtomicBoolean stop = new AtomicBoolean();
      CompletableFuture<Void> publishing =
          CompletableFuture.runAsync(
              () -> {
                int i = 0;
                while (!stop.get()) {
                  List<CompletableFuture<Void>> window = new ArrayList<>();
                  List<String> bodies = new ArrayList<>();
                  for (int k = 0; k < 20; k++, i++) {
                    String body = "{\"n\": " + i + "}";
                    bodies.add(body);
                    window.add(
                        t.publish(
                            new Destination.Topic(exchange, topic),
                            body.getBytes(StandardCharsets.UTF_8),
                            PublishOptions.DEFAULT));
                  }
                  for (int k = 0; k < window.size(); k++) {
                    try {
                      window.get(k).get(30, SECONDS);
                      confirmed.add(bodies.get(k));
                    } catch (ExecutionException e) {
                      assertThat(e.getCause()).isInstanceOf(TransportException.class);
                      failures.add(e.getCause());
                    } catch (InterruptedException | TimeoutException e) {
                      throw new AssertionError("a publish future neither completed nor failed", e);
                    }
                  }
                }
              });

      await().atMost(30, SECONDS).until(() -> confirmed.size() >= 200);
      proxy.cut();
      await().atMost(30, SECONDS).until(() -> !failures.isEmpty());
      int confirmedBeforeRecovery = confirmed.size();
      proxy.restore();
      await().atMost(60, SECONDS).until(() -> confirmed.size() >= confirmedBeforeRecovery + 200);
      stop.set(true);
      publishing.get(60, SECONDS);

      await().atMost(60, SECONDS).untilAsserted(() -> assertThat(received).containsAll(confirmed));
      assertThat(failures).allSatisfy(e -> assertThat(e).hasMessageContaining("RabbitMQ"));

      // the private reply queue is consumed again, under the same name
      t.publish(
              new Destination.Reply(reply.queue()),
              "{\"r\": 1}".getBytes(StandardCharsets.UTF_8),
              PublishOptions.DEFAULT.withMandatory(true))
          .get(30, SECONDS);
      assertThat(replies.poll(30, SECONDS)).isEqualTo("{\"r\": 1}");
      reply.close();
    }
  }
}
