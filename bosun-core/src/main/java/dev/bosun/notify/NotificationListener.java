package dev.bosun.notify;

import dev.bosun.context.RequestContext;
import dev.bosun.log.RateLimitedLog;
import dev.bosun.transport.Delivery;
import dev.bosun.transport.MessageCodec;
import dev.bosun.transport.MessageFormatException;
import dev.bosun.transport.Source;
import dev.bosun.transport.Subscription;
import dev.bosun.transport.Transport;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Consumes notifications and hands them to endpoints: oslo's notification listener (wire spec
 * §10.3, §11).
 *
 * <p>For each target (exchange, topic) and each priority some endpoint handles, it consumes queue
 * {@code <topic>.<priority>}; with a pool, one queue named after the pool, bound with all those
 * keys, so the listeners of one pool share the work and each pool (and the pool-less group) gets
 * its own copy. Both the 2.0 envelope and the bare 1.0 body are accepted. The endpoint is chosen by
 * the body's {@code priority} field, ignoring case, not by the queue; an unknown priority is
 * logged, acked and dropped. A {@code _unique_id} among the last 16 acked is a duplicate: logged,
 * acked and skipped. An undecodable message is logged and dropped.
 *
 * <p>Acking comes after the endpoints return (at-least-once). When an endpoint returns {@link
 * NotificationResult#REQUEUE} or throws, the notification is requeued if {@code allowRequeue} is
 * set (it will come again; an endpoint that always fails makes it loop), and otherwise logged and
 * acked.
 *
 * <p>At most {@value #MAX_UNACKED} notifications per queue are held unacked; the rest wait in the
 * queue.
 *
 * <p>Threads: endpoints run on the transport's delivery thread of each queue (see {@link
 * NotificationEndpoint}). {@link #start()} and {@link #stop()} are idempotent; a stopped listener
 * cannot be started again.
 */
public final class NotificationListener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NotificationListener.class);

  /**
   * The most notifications a queue hands this listener unacked (the RabbitMQ prefetch unless {@code
   * rabbit_qos_prefetch_count} is set): endpoints handle them one at a time, so more would only
   * wait in memory, unbounded on a flood.
   */
  static final int MAX_UNACKED = 16;

  /** Malformed notifications: one line a minute per kind, with the count of the others. */
  private static final RateLimitedLog DROPPED = RateLimitedLog.create(LOG);

  static final int DUPLICATE_WINDOW = 16;

  private record Target(String exchange, String topic) {}

  private final Transport transport;
  private final MessageCodec codec = MessageCodec.create();
  private final List<Target> targets;
  private final List<NotificationEndpoint> endpoints;
  private final Map<Priority, List<NotificationEndpoint>> byPriority;
  private final Optional<String> pool;
  private final boolean allowRequeue;
  private final List<Subscription> subscriptions = new ArrayList<>();
  private final ArrayDeque<String> recentIds = new ArrayDeque<>();
  private final Set<String> recentIdSet = new HashSet<>();
  private State state = State.NEW;

  private enum State {
    NEW,
    RUNNING,
    STOPPED
  }

  private NotificationListener(Builder b) {
    this.transport = b.transport;
    this.targets = List.copyOf(b.targets);
    this.endpoints = List.copyOf(b.endpoints);
    this.pool = b.pool;
    this.allowRequeue = b.allowRequeue;
    Map<Priority, List<NotificationEndpoint>> map = new LinkedHashMap<>();
    for (NotificationEndpoint endpoint : endpoints) {
      for (Priority priority : endpoint.priorities()) {
        map.computeIfAbsent(priority, p -> new ArrayList<>()).add(endpoint);
      }
    }
    map.replaceAll((p, list) -> List.copyOf(list));
    this.byPriority = Map.copyOf(map);
    if (byPriority.isEmpty()) {
      throw new IllegalArgumentException(
          "No endpoint handles any priority: override at least one"
              + " of audit/debug/info/warn/error/critical/sample, or use NotificationEndpoint.on()");
    }
  }

  public static Builder builder(Transport transport) {
    return new Builder(Objects.requireNonNull(transport, "transport"));
  }

  /** Starts consuming. Idempotent. */
  public synchronized void start() {
    if (state == State.RUNNING) {
      return;
    }
    if (state == State.STOPPED) {
      throw new IllegalStateException(
          "A stopped notification listener cannot be started again;" + " build a new one");
    }
    Set<Priority> priorities = EnumSet.copyOf(byPriority.keySet());
    try {
      if (pool.isPresent()) {
        Map<String, List<String>> keysByExchange = new LinkedHashMap<>();
        for (Target target : targets) {
          for (Priority priority : priorities) {
            keysByExchange
                .computeIfAbsent(target.exchange(), x -> new ArrayList<>())
                .add(target.topic() + "." + priority.keySuffix());
          }
        }
        keysByExchange.forEach(
            (exchange, keys) ->
                subscriptions.add(
                    transport.subscribe(
                        new Source.Shared(exchange, pool.get(), keys),
                        this::onDelivery,
                        MAX_UNACKED)));
      } else {
        for (Target target : targets) {
          for (Priority priority : priorities) {
            subscriptions.add(
                transport.subscribe(
                    Source.Shared.of(
                        target.exchange(), target.topic() + "." + priority.keySuffix()),
                    this::onDelivery,
                    MAX_UNACKED));
          }
        }
      }
    } catch (RuntimeException e) {
      subscriptions.forEach(Subscription::close);
      subscriptions.clear();
      state = State.STOPPED;
      throw e;
    }
    state = State.RUNNING;
  }

  /** Stops consuming; endpoint calls already running may finish. Idempotent. */
  public synchronized void stop() {
    if (state == State.STOPPED) {
      return;
    }
    state = State.STOPPED;
    subscriptions.forEach(Subscription::close);
    subscriptions.clear();
  }

  /** Same as {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  /** The queues consumed (empty until started). */
  public synchronized List<String> queues() {
    List<String> names = new ArrayList<>();
    subscriptions.forEach(s -> names.add(s.queue()));
    return names;
  }

  private void onDelivery(Delivery delivery) {
    ObjectNode message;
    try {
      message = codec.decode(delivery.body());
    } catch (MessageFormatException e) {
      DROPPED.warn(
          "undecodable", "Dropping a notification that cannot be decoded: {}", e.getMessage());
      delivery.reject(false);
      return;
    }
    JsonNode uniqueIdNode = message.remove("_unique_id");
    String uniqueId =
        uniqueIdNode == null || uniqueIdNode.isNull() ? null : uniqueIdNode.asString();
    if (uniqueId != null && seen(uniqueId)) {
      LOG.info("Skipping duplicate notification (_unique_id {})", uniqueId);
      delivery.ack();
      return;
    }
    String priorityText = text(message, "priority");
    Optional<Priority> priority = Priority.parse(priorityText);
    if (priority.isEmpty()) {
      DROPPED.warn(
          "priority",
          "Dropping notification {} with unknown priority '{}'; known: {}",
          text(message, "event_type"),
          priorityText,
          List.of(Priority.values()));
      settle(delivery, uniqueId, false);
      return;
    }
    Notification notification;
    try {
      notification =
          new Notification(
              RequestContext.unpackFrom(message),
              priority.get(),
              text(message, "publisher_id"),
              text(message, "event_type"),
              Optional.ofNullable(message.get("payload"))
                  .orElseGet(() -> codec.mapper().nullNode()),
              text(message, "message_id"),
              text(message, "timestamp"));
    } catch (IllegalArgumentException e) {
      DROPPED.warn(
          "malformed",
          "Dropping malformed notification {}: {}",
          text(message, "event_type"),
          e.getMessage());
      delivery.reject(false);
      return;
    }
    boolean requeue = false;
    boolean threw = false;
    for (NotificationEndpoint endpoint : byPriority.getOrDefault(priority.get(), List.of())) {
      try {
        if (endpoint.handle(notification) == NotificationResult.REQUEUE) {
          requeue = true;
          break;
        }
      } catch (RuntimeException e) {
        LOG.error(
            "Endpoint {} failed on notification {} ({}); {}",
            endpoint,
            notification.eventType(),
            notification.messageId(),
            allowRequeue ? "it is requeued" : "it is acked and lost (allowRequeue is off)",
            e);
        requeue = true;
        threw = true;
        break;
      }
    }
    if (requeue && !threw && !allowRequeue) {
      LOG.warn(
          "Notification {} ({}) asked to be requeued but allowRequeue is off; acked",
          notification.eventType(),
          notification.messageId());
    }
    settle(delivery, uniqueId, requeue && allowRequeue);
  }

  private void settle(Delivery delivery, @Nullable String uniqueId, boolean requeue) {
    if (requeue) {
      delivery.reject(true);
      return;
    }
    delivery.ack();
    if (uniqueId != null) {
      remember(uniqueId);
    }
  }

  private synchronized boolean seen(String uniqueId) {
    return recentIdSet.contains(uniqueId);
  }

  private synchronized void remember(String uniqueId) {
    if (recentIdSet.add(uniqueId)) {
      recentIds.addLast(uniqueId);
      if (recentIds.size() > DUPLICATE_WINDOW) {
        recentIdSet.remove(recentIds.removeFirst());
      }
    }
  }

  private static String text(ObjectNode message, String key) {
    JsonNode value = message.get(key);
    return value == null || value.isNull() ? "" : value.asString();
  }

  @Override
  public String toString() {
    return "NotificationListener" + targets + pool.map(p -> " pool " + p).orElse("");
  }

  /** Builds a {@link NotificationListener}; not thread-safe. */
  public static final class Builder {
    private final Transport transport;
    private final List<Target> targets = new ArrayList<>();
    private final List<NotificationEndpoint> endpoints = new ArrayList<>();
    private Optional<String> pool = Optional.empty();
    private boolean allowRequeue;

    private Builder(Transport transport) {
      this.transport = transport;
    }

    /** Adds a target: the exchange (control exchange, oslo default {@code openstack}) and topic. */
    public Builder target(String exchange, String topic) {
      targets.add(new Target(nonBlank(exchange, "exchange"), nonBlank(topic, "topic")));
      return this;
    }

    /** Adds an endpoint; endpoints of one priority are called in the order added. */
    public Builder endpoint(NotificationEndpoint endpoint) {
      endpoints.add(Objects.requireNonNull(endpoint, "endpoint"));
      return this;
    }

    /** Shares one queue, named {@code name}, with the other listeners of the same pool. */
    public Builder pool(String name) {
      this.pool = Optional.of(nonBlank(name, "pool"));
      return this;
    }

    /** Requeue a notification an endpoint failed or asked to requeue; default false, as oslo. */
    public Builder allowRequeue(boolean value) {
      this.allowRequeue = value;
      return this;
    }

    public NotificationListener build() {
      if (targets.isEmpty()) {
        throw new IllegalStateException(
            "A notification listener needs at least one target,"
                + " e.g. target(\"openstack\", \"notifications\")");
      }
      if (endpoints.isEmpty()) {
        throw new IllegalStateException("A notification listener needs at least one endpoint");
      }
      return new NotificationListener(this);
    }

    private static String nonBlank(String value, String what) {
      Objects.requireNonNull(value, what);
      if (value.isBlank()) {
        throw new IllegalArgumentException(what + " must not be blank, found '" + value + "'");
      }
      return value;
    }
  }
}
