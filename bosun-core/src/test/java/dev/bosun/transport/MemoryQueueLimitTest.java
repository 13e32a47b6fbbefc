package dev.bosun.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.context.RequestContext;
import dev.bosun.rpc.RpcClient;
import dev.bosun.rpc.RpcException;
import dev.bosun.rpc.Target;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 2: a memory queue holds at most {@code max_queue_length} messages, and the sender
 * of one more is told at once (a flood of casts ran a 64 MiB heap out of memory).
 */
class MemoryQueueLimitTest {
  private final String bus = "limit-" + UUID.randomUUID();
  private final Transport transport =
      Transports.open(TransportUrl.parse("memory://" + bus + "?max_queue_length=5"));

  @AfterEach
  void close() {
    transport.close();
  }

  private static byte[] body(int i) {
    return ("{\"n\": " + i + "}").getBytes(StandardCharsets.UTF_8);
  }

  /** Subscribes to {@code queue} with a handler that takes one delivery and never settles it. */
  private AtomicInteger stuckConsumer(String exchange, String queue) throws InterruptedException {
    AtomicInteger handed = new AtomicInteger();
    transport.subscribe(Source.Shared.of(exchange, queue), delivery -> handed.incrementAndGet(), 1);
    transport
        .publish(new Destination.Topic(exchange, queue), body(0), PublishOptions.DEFAULT)
        .join();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (handed.get() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(handed.get()).as("the first delivery handed over").isEqualTo(1);
    return handed;
  }

  @Test
  void aFullQueueRefusesThePublishAndNamesItself() throws InterruptedException {
    Destination topic = new Destination.Topic("x", "q");
    AtomicInteger handed = stuckConsumer("x", "q");
    for (int i = 1; i <= 5; i++) {
      transport.publish(topic, body(i), PublishOptions.DEFAULT).join();
    }
    // One is held by the handler (unsettled, the limit of 1), five wait in the queue.
    assertThatThrownBy(() -> transport.publish(topic, body(6), PublishOptions.DEFAULT).join())
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOf(QueueFullException.class)
        .hasMessageContaining("Queue q on memory bus '" + bus + "' is full (5 messages")
        .hasMessageContaining("max_queue_length");
    assertThat(handed.get()).isEqualTo(1);
  }

  @Test
  void callsAndCastsToAFullQueueFailAtOnceInsteadOfTimingOut() throws InterruptedException {
    stuckConsumer("openstack", "slow");
    RpcClient client =
        RpcClient.builder(transport)
            .target(Target.topic("slow"))
            .timeout(Duration.ofSeconds(60))
            .build();
    try {
      RequestContext context = RequestContext.create();
      for (int i = 1; i <= 5; i++) {
        client.cast(context, "hold", Map.of());
      }
      assertThatThrownBy(() -> client.cast(context, "hold", Map.of()))
          .isInstanceOf(RpcException.class)
          .hasRootCauseInstanceOf(QueueFullException.class)
          .hasMessageContaining("Could not send 'hold'")
          .hasMessageContaining("is full");
      assertThatThrownBy(() -> client.call(context, "hold", Map.of(), String.class))
          .isInstanceOf(RpcException.class)
          .hasRootCauseInstanceOf(QueueFullException.class)
          .hasMessageContaining("is full");
    } finally {
      client.close();
    }
  }

  @Test
  void theLimitIsCheckedWhereItIsRead() {
    assertThatThrownBy(
            () -> Transports.open(TransportUrl.parse("memory://x?max_queue_length=0")).close())
        .hasMessageContaining("max_queue_length")
        .hasMessageContaining("0");
    assertThatThrownBy(() -> Transports.open(TransportUrl.parse("memory://x?prefetch=1")).close())
        .hasMessageContaining("prefetch");
  }
}
