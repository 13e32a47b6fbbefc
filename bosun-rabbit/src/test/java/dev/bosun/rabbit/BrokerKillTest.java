package dev.bosun.rabbit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.bosun.context.RequestContext;
import dev.bosun.rpc.Cast;
import dev.bosun.rpc.RpcApi;
import dev.bosun.rpc.RpcClient;
import dev.bosun.rpc.RpcServer;
import dev.bosun.rpc.Target;
import dev.bosun.tck.PrivateRabbitNode;
import dev.bosun.tck.TcpProxy;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The broker's Erlang VM killed with SIGKILL under a running RPC server, and started again (on a
 * node the test starts itself). Issue 13 item 1.
 */
class BrokerKillTest {
  private static final RequestContext CONTEXT = RequestContext.builder().userId("kill").build();

  /** The test's RPC API: a call and a cast. */
  @RpcApi(topic = "kill", version = "1.0")
  public interface KillApi {
    int ping(RequestContext context, int n);

    @Cast
    void tally(RequestContext context, int n);
  }

  /** Remembers every cast it got. */
  public static final class Tally implements KillApi {
    final Set<Integer> seen = ConcurrentHashMap.newKeySet();

    @Override
    public int ping(RequestContext context, int n) {
      return n;
    }

    @Override
    public void tally(RequestContext context, int n) {
      seen.add(n);
    }
  }

  /**
   * With oslo's default options the server consumed again 8.8 s after the broker listened again: it
   * slept through six growing back-off delays. The server reaches the node through a {@link
   * TcpProxy} that stops listening while the node is killed and restarted, and listens again just
   * after a failed attempt that scheduled the next one 7 s or more later: only a reconnection that
   * notices the broker listening again (not one that waits out the delay) resumes within 5 s.
   */
  @Test
  void serverResumesWithinFiveSecondsOfTheBrokerListeningAgain() throws Exception {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    Logger consumers = (Logger) LoggerFactory.getLogger(Consumers.class);
    logs.start();
    consumers.addAppender(logs);
    consumers.setLevel(Level.DEBUG);
    try (PrivateRabbitNode node = new PrivateRabbitNode()) {
      node.start();
      Tally tally = new Tally();
      try (TcpProxy gate = TcpProxy.create(node.port());
          RabbitTransport serverTransport =
              RabbitTransport.builder()
                  .broker(RabbitBroker.guest("127.0.0.1", gate.port()))
                  .options(RabbitOptions.defaults())
                  .build();
          RpcServer server =
              RpcServer.builder(serverTransport)
                  .target(Target.topic("kill").withServer("h1"))
                  .endpoint(tally)
                  .build()) {
        server.start();
        try (RabbitTransport clientTransport = transport(node, RabbitOptions.defaults());
            RpcClient client = client(clientTransport)) {
          assertThat(client.proxy(KillApi.class).ping(CONTEXT, 1)).isEqualTo(1);
        }

        gate.stopListening();
        node.kill9();
        node.start();
        int seen = logs.list.size();
        await("a failed attempt scheduling the next one 7 s or more later")
            .atMost(Duration.ofMinutes(2))
            .until(
                () ->
                    logs.list.stream()
                        .skip(seen)
                        .map(ILoggingEvent::getFormattedMessage)
                        .anyMatch(m -> m.matches(".*next (attempt )?in ([7-9]|[1-9][0-9]) s")));
        gate.restore();
        long listening = System.nanoTime();

        try (RabbitTransport clientTransport = transport(node, RabbitOptions.defaults());
            RpcClient client = client(clientTransport)) {
          KillApi api = client.prepare(p -> p.timeout(Duration.ofSeconds(2))).proxy(KillApi.class);
          await("the server answering again")
              .atMost(Duration.ofMinutes(1))
              .pollInterval(Duration.ofMillis(50))
              .ignoreExceptions()
              .until(() -> api.ping(CONTEXT, 2) == 2);
          Duration resumed = Duration.ofNanos(System.nanoTime() - listening);
          assertThat(resumed)
              .as("time from the broker listening again to the server answering")
              .isLessThan(Duration.ofSeconds(5));
        }
      }
    } finally {
      consumers.detachAppender(logs);
      consumers.setLevel(null);
    }
  }

  /**
   * What a confirm promises across a crash: with durable queues every confirmed cast is still there
   * after SIGKILL and a restart, and is handled once the server is back.
   */
  @Test
  void confirmedCastsSurviveAKillWithDurableQueues() throws Exception {
    RabbitOptions durable =
        RabbitOptions.builder().amqpDurableQueues(true).rabbitRetryInterval(1).build();
    try (PrivateRabbitNode node = new PrivateRabbitNode()) {
      node.start();
      Tally before = new Tally();
      try (RabbitTransport t = transport(node, durable);
          RpcServer server =
              RpcServer.builder(t)
                  .target(Target.topic("kill").withServer("h1"))
                  .endpoint(before)
                  .build()) {
        server.start(); // declares the durable queue, then goes away
      }
      int casts = 500;
      try (RabbitTransport t = transport(node, durable);
          RpcClient client = client(t)) {
        KillApi api = client.proxy(KillApi.class);
        for (int i = 0; i < casts; i++) {
          api.tally(CONTEXT, i); // returns once confirmed
        }
      }
      node.kill9();
      node.start();
      Tally after = new Tally();
      try (RabbitTransport t = transport(node, durable);
          RpcServer server =
              RpcServer.builder(t)
                  .target(Target.topic("kill").withServer("h1"))
                  .endpoint(after)
                  .build()) {
        server.start();
        await("every confirmed cast handled after the restart")
            .atMost(Duration.ofMinutes(1))
            .until(() -> after.seen.size() == casts);
      }
    }
  }

  static RabbitTransport transport(PrivateRabbitNode node, RabbitOptions options) {
    return RabbitTransport.builder()
        .broker(RabbitBroker.guest("127.0.0.1", node.port()))
        .options(options)
        .build();
  }

  static RpcClient client(RabbitTransport transport) {
    return RpcClient.builder(transport).target(Target.topic("kill")).build();
  }

  static Map<String, Object> none() {
    return Map.of();
  }
}
