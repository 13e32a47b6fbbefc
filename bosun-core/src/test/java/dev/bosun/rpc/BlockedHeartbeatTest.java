package dev.bosun.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.context.RequestContext;
import dev.bosun.transport.Destination;
import dev.bosun.transport.MessageCodec;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * Regression: a heartbeat publish that blocks (RabbitMQ under a memory alarm) used to block the one
 * RPC timer thread of the JVM, so no call anywhere timed out and a synchronous call hung.
 */
class BlockedHeartbeatTest {
  private static final MessageCodec CODEC = MessageCodec.create();

  public static class SlowEndpoint {
    final CountDownLatch release = new CountDownLatch(1);

    @Rpc
    public String slow() throws InterruptedException {
      release.await(60, TimeUnit.SECONDS);
      return "done";
    }
  }

  private final String bus = "heartbeat-" + UUID.randomUUID();
  private final ScriptedTransport serverTransport = new ScriptedTransport(bus);
  private final ScriptedTransport clientTransport = new ScriptedTransport(bus);
  private final SlowEndpoint endpoint = new SlowEndpoint();
  private final CountDownLatch heartbeatBlocked = new CountDownLatch(1);
  private final CountDownLatch unblock = new CountDownLatch(1);
  private RpcServer server;
  private RpcClient client;

  @BeforeEach
  void start() {
    serverTransport.publishes =
        (destination, body, options, real) -> {
          if (destination instanceof Destination.Reply && isHeartbeat(body)) {
            heartbeatBlocked.countDown();
            try {
              unblock.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          return real.publish(destination, body, options);
        };
    server =
        RpcServer.builder(serverTransport)
            .target(Target.topic("hb").withServer("host1"))
            .endpoint(endpoint, "", "1.0")
            .build();
    server.start();
    client =
        RpcClient.builder(clientTransport)
            .target(Target.topic("hb"))
            .timeout(Duration.ofSeconds(60))
            .build();
  }

  @AfterEach
  void stop() {
    unblock.countDown();
    endpoint.release.countDown();
    server.stop();
    client.close();
    serverTransport.close();
    clientTransport.close();
  }

  private static boolean isHeartbeat(byte[] body) {
    ObjectNode message = CODEC.decode(body);
    return !message.path("ending").asBoolean(true);
  }

  @Test
  void aBlockedHeartbeatPublishDoesNotStopOtherCallsFromTimingOut() throws Exception {
    // Heartbeats every 1 s for this call; the first one blocks in the transport.
    CompletableFuture<Optional<String>> unused = // only its heartbeats matter here
        client
            .prepare(p -> p.callMonitorTimeout(Duration.ofSeconds(2)))
            .callAsync(RequestContext.builder().build(), "slow", Map.of(), String.class);
    assertThat(heartbeatBlocked.await(30, TimeUnit.SECONDS))
        .as("a heartbeat was published")
        .isTrue();

    CompletableFuture<Optional<String>> shortCall =
        client
            .prepare(p -> p.timeout(Duration.ofMillis(500)))
            .callAsync(RequestContext.builder().build(), "slow", Map.of(), String.class);
    assertThatThrownBy(() -> shortCall.get(30, TimeUnit.SECONDS))
        .as("the short call times out although a heartbeat publish is blocked")
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(RpcTimeoutException.class);

    assertThatThrownBy(
            () ->
                client
                    .prepare(p -> p.timeout(Duration.ofMillis(500)))
                    .call(RequestContext.builder().build(), "slow", Map.of(), String.class))
        .isInstanceOf(RpcTimeoutException.class)
        .hasMessageContaining("slow");
  }

  @Test
  void aSynchronousCallReturnsByItsDeadlineEvenWhenItsReplyNeverCompletes() {
    // A call whose future nobody completes: only the bound on the wait ends it.
    CompletableFuture<String> never = new CompletableFuture<>();
    CompletableFuture<String> waiter =
        CompletableFuture.supplyAsync(
            () -> DefaultRpcClient.await(never, "stuck", Duration.ofMillis(200)));
    assertThatThrownBy(() -> waiter.get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(RpcTimeoutException.class)
        .hasMessageContaining("stuck")
        .hasMessageContaining("200 ms");
  }
}
