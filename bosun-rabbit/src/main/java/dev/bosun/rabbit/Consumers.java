package dev.bosun.rabbit;

import com.rabbitmq.client.ShutdownSignalException;
import dev.bosun.transport.DeliveryHandler;
import dev.bosun.transport.Source;
import dev.bosun.transport.TransportException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consuming side: one connection (oslo gives each listener its own; Bosun shares one per
 * transport, with a channel per subscription, so a channel error stays local).
 *
 * <p>When the connection is lost, this logs once, then reconnects on the {@code scheduler} thread
 * with back-off ({@code kombu_reconnect_delay} first, then {@code rabbit_retry_interval} plus
 * {@code rabbit_retry_backoff} per attempt, at most {@code rabbit_interval_max}), trying the
 * brokers in order; once connected it re-declares every subscription's exchange, queue and
 * bindings (private queues keep their names) and consumes again, then logs once. Messages that
 * were delivered but not acked when the connection dropped are redelivered by the broker.
 */
final class Consumers {
  private static final Logger LOG = LoggerFactory.getLogger(Consumers.class);

  private final BrokerConnector connector;
  private final Topology topology;
  private final RabbitOptions options;
  private final ScheduledExecutorService scheduler;
  private final Object lock = new Object();
  private final List<RabbitSubscription> subscriptions = new CopyOnWriteArrayList<>();

  // guarded by lock
  private BrokerConnector.Connected current;
  private boolean reconnecting;
  private int attempts;
  private boolean closed;

  Consumers(BrokerConnector connector, Topology topology, RabbitOptions options,
      ScheduledExecutorService scheduler) {
    this.connector = connector;
    this.topology = topology;
    this.options = options;
    this.scheduler = scheduler;
  }

  RabbitSubscription subscribe(Source source, DeliveryHandler handler) {
    RabbitSubscription sub = new RabbitSubscription(this, topology, options, source, handler);
    synchronized (lock) {
      if (closed) {
        throw new TransportException("The RabbitMQ transport is closed; cannot subscribe to "
            + source);
      }
      if (current == null && !reconnecting) {
        connect(connector.open("consumer"));
      }
      subscriptions.add(sub);
      if (current != null) {
        try {
          sub.start(current);
        } catch (TransportException e) {
          subscriptions.remove(sub);
          throw e;
        }
      } else {
        LOG.info("Subscribed to {} while RabbitMQ is unreachable; consuming starts when the"
            + " connection is back", source);
      }
    }
    return sub;
  }

  void remove(RabbitSubscription sub) {
    subscriptions.remove(sub);
  }

  /** Re-declares and consumes again after {@code kombu_reconnect_delay}, if still connected. */
  void restartLater(RabbitSubscription sub) {
    schedule(() -> restart(sub), options.reconnectDelay(0));
  }

  void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    for (RabbitSubscription sub : subscriptions) {
      sub.close();
    }
    synchronized (lock) {
      if (current != null) {
        try {
          current.connection().close();
        } catch (Exception e) {
          LOG.debug("Closing the consuming connection failed", e);
        }
        current = null;
      }
    }
  }

  private void connect(BrokerConnector.Connected c) {
    current = c;
    // never block the connection's I/O thread: handle the loss on the scheduler thread
    c.connection().addShutdownListener(cause -> {
      if (!cause.isInitiatedByApplication()) {
        schedule(() -> onConnectionLost(c, cause), Duration.ZERO);
      }
    });
  }

  private void onConnectionLost(BrokerConnector.Connected c, ShutdownSignalException cause) {
    synchronized (lock) {
      if (closed || current != c) {
        return;
      }
      current = null;
      reconnecting = true;
      attempts = 0;
      Duration delay = options.reconnectDelay(0);
      LOG.warn("Lost the consuming connection to RabbitMQ at {} ({}); {} subscription(s) will"
          + " resume when it is back; reconnecting in {} ms", c.broker().address(),
          Declarer.reason(cause), subscriptions.size(), delay.toMillis());
      schedule(this::reconnect, delay);
    }
  }

  private void reconnect() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      BrokerConnector.Connected c;
      try {
        c = connector.open("consumer");
      } catch (TransportException e) {
        attempts++;
        Duration delay = options.reconnectDelay(attempts);
        LOG.debug("Reconnection attempt {} failed: {}; next in {} ms", attempts, e.getMessage(),
            delay.toMillis());
        schedule(this::reconnect, delay);
        return;
      }
      connect(c);
      reconnecting = false;
      int resumed = 0;
      for (RabbitSubscription sub : subscriptions) {
        try {
          sub.start(c);
          resumed++;
        } catch (TransportException e) {
          LOG.error("Could not resume consuming from {} after reconnecting: {}; retrying in {} ms",
              sub.source(), e.getMessage(), options.reconnectDelay(0).toMillis());
          restartLater(sub);
        }
      }
      LOG.info("Reconnected to RabbitMQ at {} (vhost {}) after {} failed attempt(s); resumed {}"
          + " of {} subscription(s)", c.broker().address(), connector.virtualHost(), attempts,
          resumed, subscriptions.size());
    }
  }

  private void restart(RabbitSubscription sub) {
    synchronized (lock) {
      if (closed || current == null || !subscriptions.contains(sub)) {
        return; // a reconnection in progress restarts every subscription
      }
      try {
        sub.start(current);
        LOG.info("Consuming from {} again (queue {})", sub.source(), sub.queue());
      } catch (TransportException e) {
        LOG.error("Could not consume from {} again: {}; retrying in {} ms", sub.source(),
            e.getMessage(), options.reconnectDelay(1).toMillis());
        schedule(() -> restart(sub), options.reconnectDelay(1));
      }
    }
  }

  private void schedule(Runnable task, Duration delay) {
    try {
      scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      LOG.debug("Transport closing; not scheduling {}", task);
    }
  }
}
