package dev.bosun.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.context.RequestContext;
import dev.bosun.transport.Source;
import dev.bosun.transport.TransportException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Regression: callAsync and castAsync threw on a closed client or a failed reply-queue subscribe,
 * and read an automatic version cap on the caller's thread, although they promise not to block.
 */
class AsyncRequestsTest {
  private static final RequestContext CONTEXT = RequestContext.builder().build();

  public static class Ping {
    @Rpc
    public String ping() {
      return "pong";
    }
  }

  private final String bus = "async-" + UUID.randomUUID();
  private final ScriptedTransport transport = new ScriptedTransport(bus);
  private RpcServer server;

  @AfterEach
  void close() {
    if (server != null) {
      server.stop();
    }
    transport.close();
  }

  private void startServer() {
    server =
        RpcServer.builder(transport)
            .target(Target.topic("ping").withServer("h1"))
            .endpoint(new Ping(), "", "1.0")
            .build();
    server.start();
  }

  private RpcClient client() {
    return RpcClient.builder(transport)
        .target(Target.topic("ping"))
        .timeout(Duration.ofSeconds(30))
        .build();
  }

  @Test
  void aClosedClientFailsTheFutureInsteadOfThrowing() {
    RpcClient client = client();
    client.close();
    CompletableFuture<Optional<String>> call =
        client.callAsync(CONTEXT, "ping", Map.of(), String.class);
    CompletableFuture<Void> cast = client.castAsync(CONTEXT, "ping", Map.of());
    assertThatThrownBy(() -> call.get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> cast.get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void aReplyQueueThatCannotBeSubscribedFailsTheFuture() {
    transport.subscribes =
        (source, real, handler) -> {
          if (source instanceof Source.Reply) {
            throw new TransportException("no reply queue today (test)");
          }
          return real.subscribe(source, handler);
        };
    RpcClient client = client();
    CompletableFuture<Optional<String>> call =
        client.callAsync(CONTEXT, "ping", Map.of(), String.class);
    assertThatThrownBy(() -> call.get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(TransportException.class)
        .hasMessageContaining("no reply queue");
    client.close();
  }

  @Test
  void anAutomaticCapNotReadYetIsReadOffTheCallersThread() throws Exception {
    startServer();
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch answer = new CountDownLatch(1);
    AtomicReference<Thread> reader = new AtomicReference<>();
    VersionCap cap =
        VersionCap.auto(
            "ping",
            () -> {
              reader.set(Thread.currentThread());
              reading.countDown();
              try {
                answer.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return Optional.of("1.0");
            });
    RpcClient client = client().prepare(p -> p.versionCap(cap));
    try {
      CompletableFuture<Optional<String>> call =
          client.callAsync(CONTEXT, "ping", Map.of(), String.class);
      assertThat(reading.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(reader.get()).isNotSameAs(Thread.currentThread());
      assertThat(call).isNotDone();
      answer.countDown();
      assertThat(call.get(30, TimeUnit.SECONDS)).contains("pong");
      assertThat(cap.current()).contains(Version.parse("1.0"));
    } finally {
      answer.countDown();
      client.close();
    }
  }
}
