package dev.bosun.transport;

import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@code memory://} transport: a supported transport for one-JVM deployments, not a test
 * double. Transports opened on the same name ({@code memory://name}; {@code memory://} is the name
 * {@code ""}) share one bus, with RabbitMQ's semantics as oslo.messaging uses them: a shared queue
 * hands each message to one subscriber, round-robin; fanout copies to every private fanout queue;
 * reply queues are named {@code reply_<uuid4hex>}; notification publishes declare their queue, so
 * notifications wait for a listener; messages in a queue without subscribers wait; mandatory
 * publishes without a queue fail with {@link NoRouteException}; a message older than its {@code
 * ttlMillis} is dropped instead of delivered; a rejected-with-requeue message is delivered again.
 *
 * <p>Threads: {@link #publish} only enqueues, on the caller's thread, and returns a completed
 * future. Each subscription has its own platform daemon thread that calls its handler for one
 * delivery at a time in queue order; different subscriptions run concurrently.
 *
 * <p>Memory is bounded: a queue holds at most {@code max_queue_length} messages (default {@value
 * MemoryTransportProvider#DEFAULT_MAX_QUEUE_LENGTH}, counting those waiting for a subscriber and
 * those handed to a subscription's inbox but not yet to its handler). A publish to a full queue
 * takes nothing there and fails with {@link QueueFullException}, so the sender learns it at once: a
 * call fails instead of timing out, a cast's future fails. A fanout publish still reaches the
 * queues that have room. A subscription made with a {@code maxUnsettled} limit hands its handler no
 * more than that many unsettled deliveries at a time. A queue nobody consumes keeps its messages
 * until the bus closes; private queues are deleted when their subscription closes. A bus lives
 * while one transport on it is open.
 */
final class MemoryTransport implements Transport {
  private final MemoryBroker broker;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Set<MemorySubscription> subscriptions = ConcurrentHashMap.newKeySet();

  private final int maxQueueLength;

  MemoryTransport(String name, int maxQueueLength) {
    this.broker = MemoryBroker.acquire(name);
    this.maxQueueLength = maxQueueLength;
  }

  String busName() {
    return broker.name();
  }

  MemoryBroker broker() {
    return broker;
  }

  @Override
  public CompletableFuture<Void> publish(
      Destination destination, byte[] body, PublishOptions options) {
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(options, "options");
    if (closed.get()) {
      return CompletableFuture.failedFuture(closedException("publish to " + destination));
    }
    MemoryBroker.Routed routed =
        broker.route(destination, body.clone(), options.ttlMillis(), maxQueueLength);
    if (!routed.full().isEmpty()) {
      return CompletableFuture.failedFuture(
          new QueueFullException(destination, routed.full(), maxQueueLength, broker.name()));
    }
    if (routed.queues() == 0 && options.mandatory()) {
      return CompletableFuture.failedFuture(new NoRouteException(destination));
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public Subscription subscribe(Source source, DeliveryHandler handler) {
    return subscribe(source, handler, 0, true);
  }

  @Override
  public Subscription subscribe(Source source, DeliveryHandler handler, int maxUnsettled) {
    return subscribe(source, handler, maxUnsettled, false);
  }

  private Subscription subscribe(
      Source source, DeliveryHandler handler, int maxUnsettled, boolean unlimited) {
    if (!unlimited && maxUnsettled < 1) {
      throw new IllegalArgumentException("maxUnsettled must be >= 1, found " + maxUnsettled);
    }
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(handler, "handler");
    if (closed.get()) {
      throw closedException("subscribe to " + source);
    }
    MemorySubscription subscription;
    if (source instanceof Source.Shared) {
      Source.Shared shared = (Source.Shared) source;
      MemoryQueue queue =
          broker.declareShared(shared.exchange(), shared.queue(), shared.bindingKeys());
      subscription = new MemorySubscription(this, queue, false, handler, maxUnsettled);
    } else if (source instanceof Source.Fanout) {
      String topic = ((Source.Fanout) source).topic();
      MemoryQueue queue = broker.declarePrivate(topic + "_fanout_" + uuidHex(), topic + "_fanout");
      subscription = new MemorySubscription(this, queue, true, handler, maxUnsettled);
    } else {
      MemoryQueue queue = broker.declarePrivate("reply_" + uuidHex(), "");
      subscription = new MemorySubscription(this, queue, true, handler, maxUnsettled);
    }
    subscriptions.add(subscription);
    try {
      subscription.start();
    } catch (RuntimeException e) {
      subscriptions.remove(subscription);
      throw e;
    }
    if (closed.get()) {
      subscription.close();
      throw closedException("subscribe to " + source);
    }
    return subscription;
  }

  void forget(MemorySubscription subscription) {
    subscriptions.remove(subscription);
  }

  @Override
  public String describe() {
    return "memory://" + broker.name();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (MemorySubscription subscription : subscriptions) {
      subscription.close();
    }
    broker.release();
  }

  @Override
  public String toString() {
    return describe();
  }

  private TransportException closedException(String what) {
    return new TransportException("Cannot " + what + ": transport " + describe() + " is closed");
  }

  private static String uuidHex() {
    return UUID.randomUUID().toString().replace("-", "");
  }
}
