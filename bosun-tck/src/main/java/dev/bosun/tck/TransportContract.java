package dev.bosun.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.bosun.transport.Delivery;
import dev.bosun.transport.DeliveryHandler;
import dev.bosun.transport.Destination;
import dev.bosun.transport.NoRouteException;
import dev.bosun.transport.PublishOptions;
import dev.bosun.transport.Source;
import dev.bosun.transport.Subscription;
import dev.bosun.transport.Transport;
import dev.bosun.transport.TransportException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The byte-level contract every {@link Transport} passes: the RabbitMQ topology semantics that
 * oslo.messaging relies on (wire spec §2, §7, §8). Extend it and implement {@link
 * #openTransport()}.
 *
 * <p>Each test uses fresh exchange, topic and queue names, so a real broker can be shared between
 * tests; the names of the shared queues a test declared are in {@link #declaredQueues()} for a
 * subclass that wants to delete them afterwards. Timing is never asserted: waits are bounded by
 * {@link #WAIT_SECONDS} and only fail a test that would otherwise hang.
 */
public abstract class TransportContract {
  /** The longest any single wait in the suite lasts. */
  protected static final long WAIT_SECONDS = 20;

  private final List<Transport> transports = new ArrayList<>();
  private final List<String> declaredQueues = new ArrayList<>();
  private String exchange;
  private String topic;

  /**
   * Opens a new transport on the bus (or broker) shared by the whole test: two transports opened in
   * one test must reach each other, like two processes. The suite closes it.
   */
  protected abstract Transport openTransport();

  /** The shared queues the current test declared. */
  protected List<String> declaredQueues() {
    return List.copyOf(declaredQueues);
  }

  @BeforeEach
  void freshNames() {
    String id = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    exchange = "tck_x_" + id;
    topic = "tck_t_" + id;
  }

  @AfterEach
  void closeTransports() {
    transports.forEach(Transport::close);
    transports.clear();
  }

  private Transport transport() {
    Transport transport = openTransport();
    transports.add(transport);
    return transport;
  }

  private Source.Shared shared(String key) {
    declaredQueues.add(key);
    return Source.Shared.of(exchange, key);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static void await(CompletableFuture<Void> future) throws Exception {
    future.get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  /** Acks every delivery and records its body as UTF-8 text. */
  protected static final class Recorder implements DeliveryHandler {
    final BlockingQueue<String> bodies = new LinkedBlockingQueue<>();
    final List<Thread> threads = new CopyOnWriteArrayList<>();

    @Override
    public void onDelivery(Delivery delivery) {
      threads.add(Thread.currentThread());
      bodies.add(new String(delivery.body(), StandardCharsets.UTF_8));
      delivery.ack();
    }

    String next() throws InterruptedException {
      String body = bodies.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      if (body == null) {
        fail("no delivery within " + WAIT_SECONDS + " s");
      }
      return body;
    }
  }

  /** Collects {@code count} distinct bodies from the recorders, failing on a duplicate. */
  private static Set<String> collect(int count, Recorder... recorders) throws Exception {
    Set<String> received = new HashSet<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (received.size() < count && System.nanoTime() < deadline) {
      for (Recorder recorder : recorders) {
        String body = recorder.bodies.poll(5, TimeUnit.MILLISECONDS);
        if (body != null) {
          assertThat(received.add(body)).as("delivered once: " + body).isTrue();
        }
      }
    }
    return received;
  }

  @Test
  void aSharedQueueGivesEachMessageToOneSubscriberRoundRobin() throws Exception {
    Transport server1 = transport();
    Transport server2 = transport();
    Transport client = transport();
    Recorder first = new Recorder();
    Recorder second = new Recorder();
    server1.subscribe(shared(topic), first);
    server2.subscribe(shared(topic), second);

    for (int i = 0; i < 20; i++) {
      await(
          client.publish(
              new Destination.Topic(exchange, topic), bytes("m" + i), PublishOptions.DEFAULT));
    }

    Set<String> received = collect(20, first, second);
    assertThat(received).hasSize(20);
    assertThat(first.bodies).isEmpty();
    assertThat(second.bodies).isEmpty();
    assertThat(first.threads).as("first subscriber got some").isNotEmpty();
    assertThat(second.threads).as("second subscriber got some").isNotEmpty();
  }

  @Test
  void aRoutingKeyReachesOnlyItsQueue() throws Exception {
    Transport server = transport();
    Recorder anyServer = new Recorder();
    Recorder oneServer = new Recorder();
    server.subscribe(shared(topic), anyServer);
    server.subscribe(shared(topic + ".host1"), oneServer);

    await(
        server.publish(
            new Destination.Topic(exchange, topic + ".host1"),
            bytes("to-host1"),
            PublishOptions.DEFAULT));
    await(
        server.publish(
            new Destination.Topic(exchange, topic), bytes("to-any"), PublishOptions.DEFAULT));

    assertThat(oneServer.next()).isEqualTo("to-host1");
    assertThat(anyServer.next()).isEqualTo("to-any");
    assertThat(oneServer.bodies).isEmpty();
  }

  @Test
  void deliveriesRunOnTransportThreadsNotThePublishers() throws Exception {
    Transport transport = transport();
    Recorder recorder = new Recorder();
    transport.subscribe(shared(topic), recorder);

    await(
        transport.publish(
            new Destination.Topic(exchange, topic), bytes("x"), PublishOptions.DEFAULT));

    assertThat(recorder.next()).isEqualTo("x");
    assertThat(recorder.threads).doesNotContain(Thread.currentThread());
  }

  @Test
  void fanoutCopiesToEverySubscriber() throws Exception {
    List<Recorder> servers = new ArrayList<>();
    List<String> queues = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Recorder recorder = new Recorder();
      servers.add(recorder);
      queues.add(transport().subscribe(new Source.Fanout(topic), recorder).queue());
    }
    Transport client = transport();

    await(client.publish(new Destination.Fanout(topic), bytes("all"), PublishOptions.DEFAULT));

    for (Recorder recorder : servers) {
      assertThat(recorder.next()).isEqualTo("all");
    }
    assertThat(queues).allMatch(q -> q.matches(topic + "_fanout_[0-9a-f]{32}"));
    assertThat(new HashSet<>(queues)).hasSize(3);
  }

  @Test
  void aReplyQueueIsPrivateAndReachableByName() throws Exception {
    Transport caller = transport();
    Transport server = transport();
    Recorder replies = new Recorder();
    Subscription replyQueue = caller.subscribe(new Source.Reply(), replies);

    assertThat(replyQueue.queue()).matches("reply_[0-9a-f]{32}");
    await(
        server.publish(
            new Destination.Reply(replyQueue.queue()),
            bytes("result"),
            new PublishOptions(0, true)));
    assertThat(replies.next()).isEqualTo("result");

    replyQueue.close();
    CompletableFuture<Void> late =
        server.publish(
            new Destination.Reply(replyQueue.queue()), bytes("late"), new PublishOptions(0, true));
    assertThatThrownBy(() -> late.get(WAIT_SECONDS, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(NoRouteException.class);
  }

  @Test
  void aMandatoryPublishWithoutAQueueFailsAndAnOrdinaryOneIsDropped() throws Exception {
    Transport client = transport();
    Destination nowhere = new Destination.Topic(exchange, topic + ".nobody");

    CompletableFuture<Void> mandatory =
        client.publish(nowhere, bytes("x"), PublishOptions.DEFAULT.withMandatory(true));
    assertThatThrownBy(() -> mandatory.get(WAIT_SECONDS, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(NoRouteException.class)
        .satisfies(e -> assertThat(((NoRouteException) e).destination()).isEqualTo(nowhere));

    await(client.publish(nowhere, bytes("x"), PublishOptions.DEFAULT));
  }

  @Test
  void messagesWaitForALateSubscriberInOrder() throws Exception {
    Transport transport = transport();
    transport.subscribe(shared(topic), d -> d.reject(true)).close();

    for (int i = 0; i < 3; i++) {
      await(
          transport.publish(
              new Destination.Topic(exchange, topic), bytes("m" + i), PublishOptions.DEFAULT));
    }
    Recorder late = new Recorder();
    transport().subscribe(shared(topic), late);

    assertThat(List.of(late.next(), late.next(), late.next())).containsExactly("m0", "m1", "m2");
  }

  @Test
  void aNotificationWaitsInItsQueueUntilAListenerComes() throws Exception {
    Transport notifier = transport();
    String key = topic + ".info";

    await(
        notifier.publish(
            new Destination.Notification(exchange, key), bytes("note"), PublishOptions.DEFAULT));
    Recorder listener = new Recorder();
    transport().subscribe(shared(key), listener);

    assertThat(listener.next()).isEqualTo("note");
  }

  @Test
  void anExpiredMessageIsDroppedInsteadOfDelivered() throws Exception {
    Transport transport = transport();
    transport.subscribe(shared(topic), d -> d.reject(true)).close();
    await(
        transport.publish(
            new Destination.Topic(exchange, topic),
            bytes("stale"),
            PublishOptions.DEFAULT.withTtl(java.time.Duration.ofMillis(50))));
    // Not a wait for a periodic task: the message must be older than its TTL before anyone asks.
    Thread.sleep(500);
    await(
        transport.publish(
            new Destination.Topic(exchange, topic),
            bytes("fresh"),
            PublishOptions.DEFAULT.withTtl(java.time.Duration.ofMinutes(5))));

    Recorder recorder = new Recorder();
    transport.subscribe(shared(topic), recorder);

    assertThat(recorder.next()).isEqualTo("fresh");
  }

  @Test
  void aRejectedMessageWithRequeueComesAgainAndWithoutDoesNot() throws Exception {
    Transport transport = transport();
    BlockingQueue<String> seen = new LinkedBlockingQueue<>();
    Set<String> attempted = java.util.concurrent.ConcurrentHashMap.newKeySet();
    transport.subscribe(
        shared(topic),
        delivery -> {
          String body = new String(delivery.body(), StandardCharsets.UTF_8);
          boolean firstTime = attempted.add(body);
          seen.add(body);
          if (body.equals("retry") && firstTime) {
            delivery.reject(true);
          } else if (body.equals("drop")) {
            delivery.reject(false);
          } else {
            delivery.ack();
          }
        });

    await(
        transport.publish(
            new Destination.Topic(exchange, topic), bytes("retry"), PublishOptions.DEFAULT));
    assertThat(seen.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("retry");
    assertThat(seen.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("retry");

    await(
        transport.publish(
            new Destination.Topic(exchange, topic), bytes("drop"), PublishOptions.DEFAULT));
    await(
        transport.publish(
            new Destination.Topic(exchange, topic), bytes("after"), PublishOptions.DEFAULT));
    assertThat(seen.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("drop");
    assertThat(seen.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("after");
  }

  @Test
  void aMebibyteBodyArrivesIntact() throws Exception {
    Transport transport = transport();
    BlockingQueue<byte[]> bodies = new LinkedBlockingQueue<>();
    transport.subscribe(
        shared(topic),
        d -> {
          bodies.add(d.body());
          d.ack();
        });
    byte[] body = new byte[1 << 20];
    new Random(42).nextBytes(body);

    await(
        transport().publish(new Destination.Topic(exchange, topic), body, PublishOptions.DEFAULT));

    assertThat(bodies.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(body);
  }

  @Test
  void unicodeBodiesArriveIntact() throws Exception {
    Transport transport = transport();
    Recorder recorder = new Recorder();
    transport.subscribe(shared(topic), recorder);
    String text = "h\u00e9llo \u4e16\u754c \ud83d\ude00 \u0000 end";

    await(
        transport.publish(
            new Destination.Topic(exchange, topic), bytes(text), PublishOptions.DEFAULT));

    assertThat(recorder.next()).isEqualTo(text);
  }

  @Test
  void publisherBufferReuseDoesNotChangeAPublishedMessage() throws Exception {
    Transport transport = transport();
    Recorder recorder = new Recorder();
    byte[] buffer = bytes("first");

    await(
        transport.publish(
            new Destination.Notification(exchange, topic + ".info"),
            buffer,
            PublishOptions.DEFAULT));
    System.arraycopy(bytes("XXXXX"), 0, buffer, 0, 5);
    transport.subscribe(shared(topic + ".info"), recorder);

    assertThat(recorder.next()).isEqualTo("first");
  }

  @Test
  void hundredsOfConcurrentPublishesAllArriveOnce() throws Exception {
    Transport server = transport();
    Recorder first = new Recorder();
    Recorder second = new Recorder();
    server.subscribe(shared(topic), first);
    transport().subscribe(shared(topic), second);
    Transport client = transport();
    int publishers = 8;
    int each = 60;
    ExecutorService pool = Executors.newFixedThreadPool(publishers);
    try {
      List<CompletableFuture<Void>> sends = new CopyOnWriteArrayList<>();
      List<java.util.concurrent.Future<?>> tasks = new ArrayList<>();
      for (int p = 0; p < publishers; p++) {
        int publisher = p;
        tasks.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < each; i++) {
                    sends.add(
                        client.publish(
                            new Destination.Topic(exchange, topic),
                            bytes(publisher + "-" + i),
                            PublishOptions.DEFAULT));
                  }
                }));
      }
      for (java.util.concurrent.Future<?> task : tasks) {
        task.get(WAIT_SECONDS, TimeUnit.SECONDS);
      }
      CompletableFuture.allOf(sends.toArray(new CompletableFuture<?>[0]))
          .get(WAIT_SECONDS, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }

    Set<String> received = collect(publishers * each, first, second);
    assertThat(received).hasSize(publishers * each);
  }

  @Test
  void aClosedSubscriptionGetsNothingMoreAndItsQueueServesTheOthers() throws Exception {
    Transport transport = transport();
    Recorder leaving = new Recorder();
    Recorder staying = new Recorder();
    Subscription subscription = transport.subscribe(shared(topic), leaving);
    transport().subscribe(shared(topic), staying);

    subscription.close();
    subscription.close();
    for (int i = 0; i < 4; i++) {
      await(
          transport.publish(
              new Destination.Topic(exchange, topic), bytes("m" + i), PublishOptions.DEFAULT));
    }

    assertThat(List.of(staying.next(), staying.next(), staying.next(), staying.next()))
        .containsExactly("m0", "m1", "m2", "m3");
    assertThat(leaving.bodies).isEmpty();
  }

  @Test
  void aClosedTransportRefusesWorkAndClosingTwiceIsHarmless() {
    Transport transport = transport();
    transport.close();
    transport.close();

    assertThatThrownBy(() -> transport.subscribe(shared(topic), d -> d.ack()))
        .isInstanceOf(TransportException.class);
    assertThatThrownBy(
            () ->
                transport
                    .publish(
                        new Destination.Topic(exchange, topic), bytes("x"), PublishOptions.DEFAULT)
                    .get(WAIT_SECONDS, TimeUnit.SECONDS))
        .satisfiesAnyOf(
            e -> assertThat(e).isInstanceOf(TransportException.class),
            e ->
                assertThat(e)
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TransportException.class));
  }

  @Test
  void closingATransportStopsItsSubscriptions() throws Exception {
    Transport closing = transport();
    Transport staying = transport();
    Recorder closed = new Recorder();
    Recorder open = new Recorder();
    closing.subscribe(shared(topic), closed);
    staying.subscribe(shared(topic), open);

    closing.close();
    for (int i = 0; i < 3; i++) {
      await(
          staying.publish(
              new Destination.Topic(exchange, topic), bytes("m" + i), PublishOptions.DEFAULT));
    }

    assertThat(List.of(open.next(), open.next(), open.next())).containsExactly("m0", "m1", "m2");
    assertThat(closed.bodies).isEmpty();
  }
}
