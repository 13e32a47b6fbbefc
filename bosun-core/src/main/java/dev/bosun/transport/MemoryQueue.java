package dev.bosun.transport;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A queue on a memory bus. Messages wait here while no subscription consumes it; with subscriptions
 * they are pushed round-robin into the subscriptions' inboxes as they arrive (like RabbitMQ with no
 * prefetch limit). A rejected-with-requeue message goes back to the head. All state is guarded by
 * this object's monitor, held only for queue operations, never while a handler runs.
 */
final class MemoryQueue {
  /** A message with an optional expiry deadline on the {@link System#nanoTime()} clock. */
  @SuppressWarnings("ArrayRecordComponent") // never compared or hashed: only queued and read
  record Message(byte[] body, boolean expires, long deadline) {
    boolean expired(long now) {
      return expires && now - deadline >= 0;
    }
  }

  private final String name;
  private final ArrayDeque<Message> ready = new ArrayDeque<>();
  private final List<MemorySubscription> consumers = new ArrayList<>();
  private int next;
  private boolean deleted;

  MemoryQueue(String name) {
    this.name = name;
  }

  String name() {
    return name;
  }

  /** What {@link #enqueue} did with a message. */
  enum Enqueued {
    TAKEN,
    FULL,
    DELETED
  }

  /**
   * Takes a new message unless the queue was deleted meanwhile or already holds {@code maxLength}
   * messages (waiting here or in its consumers' inboxes).
   */
  synchronized Enqueued enqueue(Message message, int maxLength) {
    if (deleted) {
      return Enqueued.DELETED;
    }
    if (consumers.isEmpty()) {
      dropExpiredHead();
    }
    if (length() >= maxLength) {
      return Enqueued.FULL;
    }
    if (consumers.isEmpty()) {
      ready.addLast(message);
    } else {
      nextConsumer().push(message);
    }
    return Enqueued.TAKEN;
  }

  /** The messages held: waiting here and in the consumers' inboxes. */
  synchronized int length() {
    int length = ready.size();
    for (MemorySubscription consumer : consumers) {
      length += consumer.inboxSize();
    }
    return length;
  }

  /** Puts messages back at the head, in their order, for the next delivery. */
  synchronized void requeue(List<Message> messages) {
    if (deleted) {
      return;
    }
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (consumers.isEmpty()) {
        ready.addFirst(messages.get(i));
      } else {
        nextConsumer().pushFirst(messages.get(i));
      }
    }
  }

  synchronized void addConsumer(MemorySubscription consumer) {
    if (deleted) {
      throw new TransportException("Queue " + name + " was deleted");
    }
    consumers.add(consumer);
    Message message;
    while ((message = ready.pollFirst()) != null) {
      nextConsumer().push(message);
    }
  }

  /** Removes a consumer and requeues what it had not started handling. */
  synchronized void removeConsumer(MemorySubscription consumer) {
    if (consumers.remove(consumer)) {
      requeue(consumer.drainInbox());
    }
  }

  synchronized void delete() {
    deleted = true;
    ready.clear();
  }

  private MemorySubscription nextConsumer() {
    if (next >= consumers.size()) {
      next = 0;
    }
    return consumers.get(next++);
  }

  private void dropExpiredHead() {
    long now = System.nanoTime();
    while (!ready.isEmpty() && ready.peekFirst().expired(now)) {
      ready.pollFirst();
    }
  }

  @Override
  public synchronized String toString() {
    return name + " (" + ready.size() + " waiting, " + consumers.size() + " consumers)";
  }
}
