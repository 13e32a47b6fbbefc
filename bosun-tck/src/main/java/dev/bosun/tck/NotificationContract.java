package dev.bosun.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.bosun.context.RequestContext;
import dev.bosun.notify.Notification;
import dev.bosun.notify.NotificationEndpoint;
import dev.bosun.notify.NotificationListener;
import dev.bosun.notify.NotificationResult;
import dev.bosun.notify.Notifier;
import dev.bosun.notify.Priority;
import dev.bosun.transport.Destination;
import dev.bosun.transport.MessageCodec;
import dev.bosun.transport.PublishOptions;
import dev.bosun.transport.Transport;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * The notification contract (wire spec §10, §11) run over a transport: what a notifier sends, a
 * listener receives, by priority, in pools, in both body formats, with requeue and duplicate
 * detection. Extend it and implement {@link #openTransport()}, as for {@link TransportContract}.
 */
public abstract class NotificationContract {
  /** The longest any single wait in the suite lasts. */
  protected static final long WAIT_SECONDS = 20;

  private final List<Transport> transports = new ArrayList<>();
  private final List<NotificationListener> listeners = new ArrayList<>();
  private final MessageCodec codec = MessageCodec.create();
  private String exchange;
  private String topic;
  private String id;

  /** Opens a new transport on the bus (or broker) shared by the whole test; the suite closes it. */
  protected abstract Transport openTransport();

  @BeforeEach
  void freshNames() {
    id = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    exchange = "tck_x_" + id;
    topic = "tck_n_" + id;
  }

  @AfterEach
  void closeAll() {
    listeners.forEach(NotificationListener::stop);
    transports.forEach(Transport::close);
  }

  private Transport transport() {
    Transport transport = openTransport();
    transports.add(transport);
    return transport;
  }

  private Notifier notifier(String... drivers) {
    return Notifier.builder(transport())
        .publisherId("volume.host1")
        .drivers(List.of(drivers))
        .topics(List.of(topic))
        .exchange(exchange)
        .build();
  }

  private NotificationListener listen(NotificationListener.Builder builder) {
    NotificationListener listener = builder.build();
    listeners.add(listener);
    listener.start();
    return listener;
  }

  private NotificationListener.Builder listener(NotificationEndpoint... endpoints) {
    NotificationListener.Builder builder =
        NotificationListener.builder(transport()).target(exchange, topic);
    for (NotificationEndpoint endpoint : endpoints) {
      builder.endpoint(endpoint);
    }
    return builder;
  }

  /** Records what it gets, for the priorities it is made for. */
  protected static final class Inbox implements NotificationEndpoint {
    final BlockingQueue<Notification> received = new LinkedBlockingQueue<>();
    private final Set<Priority> priorities;

    Inbox(Priority... priorities) {
      this.priorities = Set.of(priorities);
    }

    @Override
    public Set<Priority> priorities() {
      return priorities;
    }

    @Override
    public NotificationResult handle(Notification notification) {
      received.add(notification);
      return NotificationResult.HANDLED;
    }

    Notification next() throws InterruptedException {
      Notification n = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      if (n == null) {
        fail("no notification within " + WAIT_SECONDS + " s");
      }
      return n;
    }
  }

  private void publishRaw(String priorityKey, ObjectNode message) throws Exception {
    transport()
        .publish(
            new Destination.Notification(exchange, topic + "." + priorityKey),
            codec.encode(message),
            PublishOptions.DEFAULT)
        .get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  private ObjectNode rawNotification(String priority, String eventType, String uniqueId) {
    ObjectNode message = codec.newMessage();
    message.put("message_id", UUID.randomUUID().toString());
    message.put("publisher_id", "raw.host");
    message.put("event_type", eventType);
    message.put("priority", priority);
    message.putObject("payload");
    message.put("timestamp", "2026-11-21 23:52:34.099442");
    message.put("_unique_id", uniqueId);
    return message;
  }

  private static String uid() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  @Test
  void eachPriorityReachesItsEndpointMethod() throws Exception {
    BlockingQueue<String> calls = new LinkedBlockingQueue<>();
    listen(
        listener(
            new NotificationEndpoint() {
              @Override
              public NotificationResult info(Notification n) {
                calls.add("info:" + n.eventType());
                return NotificationResult.HANDLED;
              }

              @Override
              public NotificationResult error(Notification n) {
                calls.add("error:" + n.eventType());
                return NotificationResult.HANDLED;
              }
            }));
    Notifier notifier = notifier("messagingv2");
    RequestContext context = RequestContext.builder().userId("u1").build();

    notifier
        .info(context, "volume.create.end", Map.of("id", "v1"))
        .get(WAIT_SECONDS, TimeUnit.SECONDS);
    notifier.error(context, "volume.create.error", Map.of()).get(WAIT_SECONDS, TimeUnit.SECONDS);

    Set<String> got = new HashSet<>();
    got.add(calls.poll(WAIT_SECONDS, TimeUnit.SECONDS));
    got.add(calls.poll(WAIT_SECONDS, TimeUnit.SECONDS));
    assertThat(got)
        .containsExactlyInAnyOrder("info:volume.create.end", "error:volume.create.error");
  }

  @Test
  void aNotificationCarriesItsFieldsAndASanitizedContext() throws Exception {
    Inbox inbox = new Inbox(Priority.INFO);
    listen(listener(inbox));
    RequestContext context =
        RequestContext.builder()
            .userId("u1")
            .projectId("p1")
            .requestId("req-7")
            .extra("auth_token", "secret")
            .build();

    notifier("messagingv2")
        .info(context, "volume.attach", Map.of("volume_id", "v1"))
        .get(WAIT_SECONDS, TimeUnit.SECONDS);

    Notification n = inbox.next();
    assertThat(n.publisherId()).isEqualTo("volume.host1");
    assertThat(n.priority()).isEqualTo(Priority.INFO);
    assertThat(n.payload().get("volume_id").stringValue()).isEqualTo("v1");
    assertThat(n.messageId()).hasSize(36);
    assertThat(n.timestamp()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d{6})?");
    assertThat(n.context().requestId()).contains("req-7");
    assertThat(n.context().userId()).contains("u1");
    assertThat(n.context().extra("auth_token")).isEmpty();
  }

  @Test
  void bothBodyFormatsAreAccepted() throws Exception {
    Inbox inbox = new Inbox(Priority.WARN);
    listen(listener(inbox));

    notifier("messaging")
        .warn(RequestContext.create(), "v1.format", Map.of())
        .get(WAIT_SECONDS, TimeUnit.SECONDS);
    notifier("messagingv2")
        .warn(RequestContext.create(), "v2.format", Map.of())
        .get(WAIT_SECONDS, TimeUnit.SECONDS);

    assertThat(List.of(inbox.next().eventType(), inbox.next().eventType()))
        .containsExactly("v1.format", "v2.format");
  }

  @Test
  void notificationsWaitForTheListener() throws Exception {
    notifier("messagingv2")
        .info(RequestContext.create(), "early.bird", Map.of())
        .get(WAIT_SECONDS, TimeUnit.SECONDS);
    Inbox inbox = new Inbox(Priority.INFO);

    listen(listener(inbox));

    assertThat(inbox.next().eventType()).isEqualTo("early.bird");
  }

  @Test
  void theBodysPriorityChoosesTheEndpointAndUnknownOnesAreDropped() throws Exception {
    Inbox info = new Inbox(Priority.INFO);
    Inbox error = new Inbox(Priority.ERROR);
    listen(listener(info, error));

    publishRaw("info", rawNotification("ERROR", "error.on.info.key", uid()));
    publishRaw("info", rawNotification("WARNING", "unknown.priority", uid()));
    publishRaw("info", rawNotification("info", "lower.case", uid()));

    assertThat(error.next().eventType()).isEqualTo("error.on.info.key");
    assertThat(info.next().eventType()).isEqualTo("lower.case");
    assertThat(info.received).isEmpty();
    assertThat(error.received).isEmpty();
  }

  @Test
  void aDuplicateUniqueIdIsSkipped() throws Exception {
    Inbox inbox = new Inbox(Priority.INFO);
    listen(listener(inbox));
    String same = uid();

    publishRaw("info", rawNotification("INFO", "first", same));
    publishRaw("info", rawNotification("INFO", "again", same));
    publishRaw("info", rawNotification("INFO", "other", uid()));

    assertThat(inbox.next().eventType()).isEqualTo("first");
    assertThat(inbox.next().eventType()).isEqualTo("other");
  }

  @Test
  void aPoolSharesTheWorkAndStillGetsItsOwnCopy() throws Exception {
    String pool = "tck_pool_" + id;
    Inbox pooled1 = new Inbox(Priority.INFO);
    Inbox pooled2 = new Inbox(Priority.INFO);
    Inbox unpooled = new Inbox(Priority.INFO);
    NotificationListener first = listen(listener(pooled1).pool(pool));
    listen(listener(pooled2).pool(pool));
    listen(listener(unpooled));
    Notifier notifier = notifier("messagingv2");

    for (int i = 0; i < 10; i++) {
      notifier
          .info(RequestContext.create(), "event." + i, Map.of())
          .get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    Set<String> viaPool = new HashSet<>();
    Set<String> direct = new HashSet<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while ((viaPool.size() < 10 || direct.size() < 10) && System.nanoTime() < deadline) {
      for (Inbox inbox : List.of(pooled1, pooled2)) {
        Notification n = inbox.received.poll(5, TimeUnit.MILLISECONDS);
        if (n != null) {
          assertThat(viaPool.add(n.eventType())).as("once per pool: " + n.eventType()).isTrue();
        }
      }
      Notification n = unpooled.received.poll(5, TimeUnit.MILLISECONDS);
      if (n != null) {
        direct.add(n.eventType());
      }
    }
    assertThat(viaPool).hasSize(10);
    assertThat(direct).hasSize(10);
    assertThat(first.queues()).containsExactly(pool);
  }

  @Test
  void requeueIsHonouredOnlyWhenAllowed() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    BlockingQueue<String> handled = new LinkedBlockingQueue<>();
    NotificationEndpoint flaky =
        NotificationEndpoint.on(
            Priority.INFO,
            n -> {
              if (n.eventType().equals("flaky") && attempts.incrementAndGet() == 1) {
                return NotificationResult.REQUEUE;
              }
              handled.add(n.eventType() + "#" + attempts.get());
              return NotificationResult.HANDLED;
            });
    listen(listener(flaky).allowRequeue(true));

    notifier("messagingv2")
        .info(RequestContext.create(), "flaky", Map.of())
        .get(WAIT_SECONDS, TimeUnit.SECONDS);

    assertThat(handled.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("flaky#2");
  }

  @Test
  void aThrowingEndpointGetsTheNotificationAgainWhenRequeueIsAllowed() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    BlockingQueue<Integer> handled = new LinkedBlockingQueue<>();
    listen(
        listener(
                NotificationEndpoint.on(
                    Priority.ERROR,
                    n -> {
                      if (attempts.incrementAndGet() < 3) {
                        throw new IllegalStateException("database away (test)");
                      }
                      handled.add(attempts.get());
                      return NotificationResult.HANDLED;
                    }))
            .allowRequeue(true));

    notifier("messagingv2")
        .error(RequestContext.create(), "retry.me", Map.of())
        .get(WAIT_SECONDS, TimeUnit.SECONDS);

    assertThat(handled.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(3);
  }

  @Test
  void withoutRequeueAFailedNotificationIsAckedAndTheNextOneFollows() throws Exception {
    BlockingQueue<String> calls = new LinkedBlockingQueue<>();
    listen(
        listener(
            NotificationEndpoint.on(
                Priority.INFO,
                n -> {
                  calls.add(n.eventType());
                  if (n.eventType().equals("fails")) {
                    throw new IllegalStateException("endpoint failure (test)");
                  }
                  return NotificationResult.REQUEUE;
                })));
    Notifier notifier = notifier("messagingv2");

    notifier.info(RequestContext.create(), "fails", Map.of()).get(WAIT_SECONDS, TimeUnit.SECONDS);
    notifier
        .info(RequestContext.create(), "asks.requeue", Map.of())
        .get(WAIT_SECONDS, TimeUnit.SECONDS);
    notifier.info(RequestContext.create(), "last", Map.of()).get(WAIT_SECONDS, TimeUnit.SECONDS);

    assertThat(
            List.of(
                calls.poll(WAIT_SECONDS, TimeUnit.SECONDS),
                calls.poll(WAIT_SECONDS, TimeUnit.SECONDS),
                calls.poll(WAIT_SECONDS, TimeUnit.SECONDS)))
        .containsExactly("fails", "asks.requeue", "last");
  }
}
