package dev.bosun.transport;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One in-process bus: the queues, topic-exchange bindings and fanout-exchange bindings shared by
 * every memory transport opened on the same name. It mirrors the RabbitMQ topology oslo.messaging
 * declares (wire spec §2.1): topic exchanges route on an exact routing key, fanout exchanges copy
 * to every bound queue, and the default exchange reaches any queue by its name. oslo never binds
 * with wildcards, so none are supported.
 *
 * <p>A bus lives while at least one transport is open on it; when the last one closes, its queues
 * and any messages waiting in them are dropped.
 *
 * <p>Routing reads lock-free copy-on-write lists; declaring and deleting take the topology lock.
 */
final class MemoryBroker {
  private static final Map<String, MemoryBroker> BUSES = new HashMap<>();

  private final String name;
  private final Map<String, MemoryQueue> queues = new ConcurrentHashMap<>();
  private final Map<Binding, List<MemoryQueue>> topicBindings = new ConcurrentHashMap<>();
  private final Map<String, List<MemoryQueue>> fanoutBindings = new ConcurrentHashMap<>();
  private final Object topology = new Object();
  private int users;

  private record Binding(String exchange, String routingKey) {}

  private MemoryBroker(String name) {
    this.name = name;
  }

  /** The bus of {@code name}, created on first use; pair with {@link #release()}. */
  static MemoryBroker acquire(String name) {
    synchronized (BUSES) {
      MemoryBroker broker = BUSES.computeIfAbsent(name, MemoryBroker::new);
      broker.users++;
      return broker;
    }
  }

  /** Gives back one {@link #acquire}; the last release drops the bus. */
  void release() {
    synchronized (BUSES) {
      users--;
      if (users == 0) {
        BUSES.remove(name, this);
        synchronized (topology) {
          queues.values().forEach(MemoryQueue::delete);
          queues.clear();
          topicBindings.clear();
          fanoutBindings.clear();
        }
      }
    }
  }

  String name() {
    return name;
  }

  /** Declares (if absent) a queue bound to a topic exchange with {@code keys}; bindings add up. */
  MemoryQueue declareShared(String exchange, String queueName, List<String> keys) {
    synchronized (topology) {
      MemoryQueue queue = queues.computeIfAbsent(queueName, MemoryQueue::new);
      if (!exchange.isEmpty()) {
        for (String key : keys) {
          List<MemoryQueue> bound =
              topicBindings.computeIfAbsent(
                  new Binding(exchange, key), b -> new CopyOnWriteArrayList<>());
          if (!bound.contains(queue)) {
            bound.add(queue);
          }
        }
      }
      return queue;
    }
  }

  /** Declares a new private queue, bound to {@code fanoutExchange} unless that is empty. */
  MemoryQueue declarePrivate(String queueName, String fanoutExchange) {
    synchronized (topology) {
      MemoryQueue queue = new MemoryQueue(queueName);
      if (queues.putIfAbsent(queueName, queue) != null) {
        throw new TransportException(
            "Queue " + queueName + " already exists on memory bus '" + name + "'");
      }
      if (!fanoutExchange.isEmpty()) {
        fanoutBindings
            .computeIfAbsent(fanoutExchange, x -> new CopyOnWriteArrayList<>())
            .add(queue);
      }
      return queue;
    }
  }

  /** Deletes a queue and its bindings; messages waiting in it are dropped. */
  void delete(MemoryQueue queue) {
    synchronized (topology) {
      queues.remove(queue.name(), queue);
      topicBindings.values().forEach(bound -> bound.remove(queue));
      topicBindings.values().removeIf(List::isEmpty);
      fanoutBindings.values().forEach(bound -> bound.remove(queue));
      // A fanout exchange is auto-delete: it goes with its last binding.
      fanoutBindings.values().removeIf(List::isEmpty);
      queue.delete();
    }
  }

  /** The queues that took a message, and the names of those that were full. */
  record Routed(int queues, List<String> full) {}

  /**
   * Routes one message: each queue with room gets its own copy of the body, as each broker delivery
   * would; a queue already holding {@code maxQueueLength} messages takes nothing.
   */
  Routed route(Destination destination, byte[] body, long ttlMillis, int maxQueueLength) {
    List<MemoryQueue> targets;
    if (destination instanceof Destination.Topic) {
      Destination.Topic topic = (Destination.Topic) destination;
      targets = topicBindings.get(new Binding(topic.exchange(), topic.routingKey()));
    } else if (destination instanceof Destination.Fanout) {
      targets = fanoutBindings.get(((Destination.Fanout) destination).exchange());
    } else if (destination instanceof Destination.Reply) {
      MemoryQueue queue = queues.get(((Destination.Reply) destination).queue());
      targets = queue == null ? null : List.of(queue);
    } else {
      Destination.Notification note = (Destination.Notification) destination;
      Binding binding = new Binding(note.exchange(), note.routingKey());
      targets = topicBindings.get(binding);
      if (targets == null || targets.stream().noneMatch(q -> q.name().equals(note.routingKey()))) {
        // oslo's notifier declares <topic>.<priority> so notifications wait for a listener.
        declareShared(note.exchange(), note.routingKey(), List.of(note.routingKey()));
        targets = topicBindings.get(binding);
      }
    }
    if (targets == null || targets.isEmpty()) {
      return new Routed(0, List.of());
    }
    long deadline = ttlMillis == 0 ? 0 : System.nanoTime() + ttlMillis * 1_000_000L;
    int routed = 0;
    List<String> full = new ArrayList<>();
    for (MemoryQueue queue : targets) {
      byte[] copy = routed == 0 ? body : body.clone();
      switch (queue.enqueue(
          new MemoryQueue.Message(copy, ttlMillis != 0, deadline), maxQueueLength)) {
        case TAKEN -> routed++;
        case FULL -> full.add(queue.name());
        case DELETED -> {}
      }
    }
    return new Routed(routed, List.copyOf(full));
  }
}
