package dev.bosun.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.context.RequestContext;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Regression: a {@link StackOverflowError} in a handler sent no reply (the caller waited for its
 * whole timeout), was not logged, and left the server's in-flight counter at 1 for ever.
 */
class HandlerErrorTest {

  public static class Recursive {
    @Rpc
    @SuppressWarnings("InfiniteRecursion") // the StackOverflowError is what this test is about
    public int recurse(int depth) {
      return recurse(depth + 1) + 1;
    }
  }

  private final String bus = "errors-" + UUID.randomUUID();
  private final ScriptedTransport serverTransport = new ScriptedTransport(bus);
  private final ScriptedTransport clientTransport = new ScriptedTransport(bus);
  private RpcServer server;
  private RpcClient client;

  @BeforeEach
  void start() {
    server =
        RpcServer.builder(serverTransport)
            .target(Target.topic("errors").withServer("h1"))
            .endpoint(new Recursive(), "", "1.0")
            .build();
    server.start();
    client =
        RpcClient.builder(clientTransport)
            .target(Target.topic("errors"))
            .timeout(Duration.ofSeconds(20))
            .build();
  }

  @AfterEach
  void stop() {
    server.stop();
    client.close();
    serverTransport.close();
    clientTransport.close();
  }

  @Test
  void aStackOverflowInAHandlerIsSentBackLoggedAndCounted() throws InterruptedException {
    try (LogCapture log = new LogCapture(DefaultRpcServer.class)) {
      assertThatThrownBy(
              () ->
                  client.call(
                      RequestContext.builder().build(),
                      "recurse",
                      Map.of("depth", 0),
                      Integer.class))
          .isInstanceOfSatisfying(
              RemoteException.class,
              remote -> assertThat(remote.remoteClass()).isEqualTo("StackOverflowError"));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (server.statistics().inFlight() != 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      RpcServerStatistics statistics = server.statistics();
      assertThat(statistics.inFlight()).isZero();
      assertThat(statistics.failed()).isEqualTo(1);
      assertThat(statistics.byMethod().get("recurse").inFlight()).isZero();
      assertThat(log.lines())
          .anyMatch(line -> line.startsWith("WARN") && line.contains("'recurse' failed"));
    }
  }
}
