package dev.bosun.transport;

import dev.bosun.concurrent.Threads;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer of a memory queue, with its own inbox and its own platform daemon thread that calls
 * the handler for one delivery at a time, in arrival order. With a {@code maxUnsettled} limit the
 * thread waits, before taking the next message from the inbox, until fewer than that many
 * deliveries are unsettled (RabbitMQ's prefetch).
 */
final class MemorySubscription implements Subscription {
  private static final Logger LOG = LoggerFactory.getLogger(MemorySubscription.class);
  private static final MemoryQueue.Message STOP = new MemoryQueue.Message(new byte[0], false, 0);
  private static final int IDLE = 0;
  private static final int RUNNING = 1;
  private static final int CLOSED = 2;

  private final MemoryTransport transport;
  private final MemoryQueue queue;
  private final boolean privateQueue;
  private final DeliveryHandler handler;
  private final LinkedBlockingDeque<MemoryQueue.Message> inbox = new LinkedBlockingDeque<>();
  private final AtomicInteger state = new AtomicInteger(IDLE);

  /** Permits for unsettled deliveries; null without a limit. */
  private final @Nullable Semaphore unsettled;

  /**
   * @param maxUnsettled the most deliveries handed over and not yet settled; 0 for no limit
   */
  MemorySubscription(
      MemoryTransport transport,
      MemoryQueue queue,
      boolean privateQueue,
      DeliveryHandler handler,
      int maxUnsettled) {
    this.transport = transport;
    this.queue = queue;
    this.privateQueue = privateQueue;
    this.handler = handler;
    this.unsettled = maxUnsettled > 0 ? new Semaphore(maxUnsettled) : null;
  }

  @SuppressWarnings("ReferenceEquality") // STOP is a sentinel instance, compared by identity
  int inboxSize() {
    int size = inbox.size();
    return size > 0 && inbox.peekLast() == STOP ? size - 1 : size;
  }

  void start() {
    Threads.startDaemon("bosun-memory-" + transport.busName() + "-" + queue.name(), this::run);
    try {
      queue.addConsumer(this);
    } catch (RuntimeException e) {
      state.set(CLOSED);
      inbox.addLast(STOP);
      throw e;
    }
  }

  @Override
  public String queue() {
    return queue.name();
  }

  /** Called by the queue, under its lock. */
  void push(MemoryQueue.Message message) {
    inbox.addLast(message);
  }

  /** Called by the queue, under its lock. */
  void pushFirst(MemoryQueue.Message message) {
    inbox.addFirst(message);
  }

  /** Called by the queue, under its lock, once this consumer is removed. */
  List<MemoryQueue.Message> drainInbox() {
    List<MemoryQueue.Message> pending = new ArrayList<>();
    inbox.drainTo(pending);
    pending.remove(STOP);
    return pending;
  }

  private void run() {
    while (true) {
      MemoryQueue.Message message;
      try {
        if (!awaitRoomForOneMore()) {
          return;
        }
        message = inbox.takeFirst();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      @SuppressWarnings("ReferenceEquality") // STOP is a sentinel: identity is the point
      boolean stop = message == STOP;
      if (stop) {
        return;
      }
      if (message.expired(System.nanoTime())) {
        releaseOne();
        continue;
      }
      if (!state.compareAndSet(IDLE, RUNNING)) {
        releaseOne();
        queue.requeue(List.of(message));
        return;
      }
      try {
        deliver(message);
      } finally {
        state.compareAndSet(RUNNING, IDLE);
      }
    }
  }

  /** Takes a permit for one more unsettled delivery; false once the subscription is closed. */
  private boolean awaitRoomForOneMore() throws InterruptedException {
    if (unsettled == null) {
      return true;
    }
    while (!unsettled.tryAcquire(100, TimeUnit.MILLISECONDS)) {
      if (state.get() == CLOSED) {
        return false;
      }
    }
    return true;
  }

  private void releaseOne() {
    if (unsettled != null) {
      unsettled.release();
    }
  }

  private void deliver(MemoryQueue.Message message) {
    MemoryDelivery delivery = new MemoryDelivery(message);
    try {
      handler.onDelivery(delivery);
    } catch (RuntimeException | Error e) {
      if (delivery.settled.compareAndSet(false, true)) {
        releaseOne();
        LOG.error(
            "Handler for queue {} on memory bus '{}' threw and did not settle the delivery;"
                + " the message is dropped. Handlers must ack or reject every delivery",
            queue.name(),
            transport.busName(),
            e);
      } else {
        LOG.error(
            "Handler for queue {} on memory bus '{}' threw after settling its delivery",
            queue.name(),
            transport.busName(),
            e);
      }
    }
  }

  /**
   * Stops consuming. Messages not yet handed to the handler go back to the queue (or, for a private
   * queue, are dropped with it). A handler call already running may finish; no new one starts after
   * this returns. Idempotent; safe to call from the handler.
   */
  @Override
  public void close() {
    if (state.getAndSet(CLOSED) == CLOSED) {
      return;
    }
    queue.removeConsumer(this);
    if (privateQueue) {
      transport.broker().delete(queue);
    }
    inbox.addLast(STOP);
    transport.forget(this);
  }

  @Override
  public String toString() {
    return "memory subscription to " + queue.name() + " on bus '" + transport.busName() + "'";
  }

  private final class MemoryDelivery implements Delivery {
    private final MemoryQueue.Message message;
    private final AtomicBoolean settled = new AtomicBoolean();

    MemoryDelivery(MemoryQueue.Message message) {
      this.message = message;
    }

    @Override
    public byte[] body() {
      return message.body();
    }

    @Override
    public void ack() {
      settle("ack");
    }

    @Override
    public void reject(boolean requeue) {
      settle(requeue ? "reject(requeue)" : "reject");
      if (requeue) {
        queue.requeue(List.of(message));
      }
    }

    private void settle(String how) {
      if (settled.compareAndSet(false, true)) {
        releaseOne();
      } else {
        throw new IllegalStateException(
            "Delivery from queue "
                + queue.name()
                + " was already settled; cannot "
                + how
                + " it again");
      }
    }
  }
}
