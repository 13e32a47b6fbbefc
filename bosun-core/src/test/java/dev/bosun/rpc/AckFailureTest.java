package dev.bosun.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.context.RequestContext;
import dev.bosun.transport.Delivery;
import dev.bosun.transport.TransportException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Regression: a request whose ack failed (the broker channel closed) was handled anyway, while the
 * broker delivered it again, so a non-idempotent call could run twice.
 */
class AckFailureTest {

  public static class Counter {
    final AtomicInteger runs = new AtomicInteger();

    @Rpc
    public int bump() {
      return runs.incrementAndGet();
    }
  }

  /** A delivery whose ack fails as on a closed channel; the real one stays unsettled. */
  private static class ChannelClosedDelivery implements Delivery {
    private final Delivery real;
    final CountDownLatch ackTried = new CountDownLatch(1);

    ChannelClosedDelivery(Delivery real) {
      this.real = real;
    }

    @Override
    public byte[] body() {
      return real.body();
    }

    @Override
    public void ack() {
      ackTried.countDown();
      throw new TransportException("channel closed (test)");
    }

    @Override
    public void reject(boolean requeue) {
      throw new TransportException("channel closed (test)");
    }
  }

  private final String bus = "ack-" + UUID.randomUUID();
  private final List<AutoCloseable> toClose = new CopyOnWriteArrayList<>();
  private final Counter counter = new Counter();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  private <T extends AutoCloseable> T track(T closeable) {
    toClose.add(closeable);
    return closeable;
  }

  private RpcServer server(ScriptedTransport transport) {
    RpcServer server =
        track(
            RpcServer.builder(transport)
                .target(Target.topic("ack").withServer("host1"))
                .endpoint(counter, "", "1.0")
                .build());
    server.start();
    return server;
  }

  private CompletableFuture<Optional<Integer>> bump() {
    RpcClient client =
        track(
            RpcClient.builder(track(new ScriptedTransport(bus)))
                .target(Target.topic("ack"))
                .timeout(Duration.ofSeconds(60))
                .build());
    return client.callAsync(RequestContext.builder().build(), "bump", Map.of(), Integer.class);
  }

  @Test
  void aRequestWhoseAckFailedIsLeftToTheServerThatGetsItAgain() throws Exception {
    ScriptedTransport first = track(new ScriptedTransport(bus));
    CopyOnWriteArrayList<ChannelClosedDelivery> unsettled = new CopyOnWriteArrayList<>();
    first.requestDeliveries =
        delivery -> {
          ChannelClosedDelivery failing = new ChannelClosedDelivery(delivery);
          unsettled.add(failing);
          return failing;
        };
    RpcServer firstServer = server(first);
    CompletableFuture<Optional<Integer>> result = bump();
    waitUntil(() -> !unsettled.isEmpty());
    assertThat(unsettled.get(0).ackTried.await(30, TimeUnit.SECONDS)).isTrue();
    firstServer.stop();
    assertThat(counter.runs).as("runs on the server whose ack failed").hasValue(0);

    // What the broker does when the channel closes: the request goes back to its queue.
    unsettled.forEach(delivery -> delivery.real.reject(true));
    server(track(new ScriptedTransport(bus)));
    assertThat(result.get(30, TimeUnit.SECONDS)).contains(1);
    assertThat(counter.runs).hasValue(1);
  }

  @Test
  void aRequestWhoseAckFailedIsHandledWhenItComesBackToTheSameServer() throws Exception {
    ScriptedTransport transport = track(new ScriptedTransport(bus));
    AtomicBoolean failNext = new AtomicBoolean(true);
    transport.requestDeliveries =
        delivery ->
            !failNext.getAndSet(false)
                ? delivery
                : new ChannelClosedDelivery(delivery) {
                  @Override
                  public void ack() {
                    delivery.reject(true);
                    super.ack();
                  }
                };
    server(transport);
    assertThat(bump().get(30, TimeUnit.SECONDS)).contains(1);
    assertThat(counter.runs).hasValue(1);
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() - deadline).as("waited 30 s").isNegative();
      Thread.sleep(10);
    }
  }
}
