package dev.bosun.rabbit;

import com.rabbitmq.client.ShutdownSignalException;
import dev.bosun.transport.DeliveryHandler;
import dev.bosun.transport.Source;
import dev.bosun.transport.TransportException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consuming side: one connection (oslo gives each listener its own; Bosun shares one per
 * transport, with a channel per subscription, so a channel error stays local). It also owns the one
 * connection loop of the transport: the first connection when the transport is built to wait for
 * the broker ({@link #connectOrRetry()}), and every reconnection after a loss.
 *
 * <p>The loop tries the brokers in order; after a failed attempt {@code n} it waits {@link
 * RabbitOptions#reconnectDelay reconnectDelay(n)} ({@code rabbit_retry_interval} plus {@code
 * rabbit_retry_backoff} per attempt, at most {@code rabbit_interval_max}; after a loss it first
 * waits {@code kombu_reconnect_delay}), and it never gives up, as oslo's rabbit driver does by
 * default. Attempts run on the {@code scheduler} thread (the first one of {@link #connectOrRetry()}
 * on the caller's), never holding the lock, so closing or subscribing does not wait for a
 * connection timeout. Once connected it declares every subscription's exchange, queue and bindings
 * (private queues keep their names) and consumes. Messages that were delivered but not acked when
 * the connection dropped are redelivered by the broker.
 *
 * <p>Logging: a loss at WARN once; a first connection that fails at WARN once, with the address and
 * the next delay; further failed attempts at INFO every {@value #LOG_EVERY_ATTEMPTS}th attempt
 * (DEBUG otherwise); the connection at INFO once.
 */
final class Consumers {
  private static final Logger LOG = LoggerFactory.getLogger(Consumers.class);
  static final int LOG_EVERY_ATTEMPTS = 10;

  private final BrokerConnector connector;
  private final Topology topology;
  private final RabbitOptions options;
  private final ScheduledExecutorService scheduler;
  private final Object lock = new Object();
  private final List<RabbitSubscription> subscriptions = new CopyOnWriteArrayList<>();

  // guarded by lock
  private BrokerConnector.@Nullable Connected current;
  private boolean reconnecting;
  private boolean neverConnected;
  private int attempts;
  private String lastFailure = "";
  private Duration nextDelay = Duration.ZERO;
  private boolean closed;

  Consumers(
      BrokerConnector connector,
      Topology topology,
      RabbitOptions options,
      ScheduledExecutorService scheduler) {
    this.connector = connector;
    this.topology = topology;
    this.options = options;
    this.scheduler = scheduler;
  }

  /**
   * Tries to connect now, on the calling thread; when no broker answers, logs it and goes on trying
   * in the background. Subscriptions made meanwhile consume once connected.
   */
  void connectOrRetry() {
    synchronized (lock) {
      if (closed || current != null || reconnecting) {
        return;
      }
      reconnecting = true;
      neverConnected = true;
      attempts = 0;
    }
    attempt();
  }

  /** While {@link #connectOrRetry()} has not reached a broker yet: why, and when it tries again. */
  Optional<String> notConnectedYet() {
    synchronized (lock) {
      if (!neverConnected || closed) {
        return Optional.empty();
      }
      return Optional.of(
          "Not connected to RabbitMQ at "
              + connector.addresses()
              + " yet;"
              + " retrying every "
              + human(nextDelay)
              + " ("
              + attempts
              + " failed attempt(s), last: "
              + lastFailure
              + ")");
    }
  }

  /** {@code defaultPrefetch}: the prefetch when {@code rabbit_qos_prefetch_count} is 0; 0: none. */
  RabbitSubscription subscribe(Source source, DeliveryHandler handler, int defaultPrefetch) {
    RabbitSubscription sub =
        new RabbitSubscription(this, topology, options, source, handler, defaultPrefetch);
    synchronized (lock) {
      if (closed) {
        throw new TransportException(
            "The RabbitMQ transport is closed; cannot subscribe to " + source);
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
        LOG.info(
            "Subscribed to {} while RabbitMQ is unreachable; consuming starts when the"
                + " connection is back",
            source);
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
    c.connection()
        .addShutdownListener(
            cause -> {
              if (!cause.isInitiatedByApplication()) {
                schedule(() -> onConnectionLost(c, cause), Duration.ZERO);
              }
            });
  }

  private void onConnectionLost(BrokerConnector.Connected c, ShutdownSignalException cause) {
    synchronized (lock) {
      // identity: only the loss of the connection in use now matters, not an older one's
      @SuppressWarnings("ReferenceEquality")
      boolean stale = current != c;
      if (closed || stale) {
        return;
      }
      current = null;
      reconnecting = true;
      attempts = 0;
      Duration delay = options.reconnectDelay(0);
      LOG.warn(
          "Lost the consuming connection to RabbitMQ at {} ({}); {} subscription(s) will"
              + " resume when it is back; reconnecting in {}",
          c.broker().address(),
          Declarer.reason(cause),
          subscriptions.size(),
          human(delay));
      schedule(this::attempt, delay);
    }
  }

  /** One attempt of the connection loop; schedules the next one when it fails. */
  private void attempt() {
    synchronized (lock) {
      if (closed) {
        return;
      }
    }
    BrokerConnector.Connected c;
    try {
      c = connector.open("consumer");
    } catch (TransportException e) {
      synchronized (lock) {
        if (closed) {
          return;
        }
        attempts++;
        lastFailure =
            e instanceof BrokerConnector.ConnectFailure f
                ? f.reasons()
                : String.valueOf(e.getMessage());
        nextDelay = options.reconnectDelay(attempts);
        logFailure();
        schedule(this::attempt, nextDelay);
      }
      return;
    }
    synchronized (lock) {
      if (closed) {
        closeQuietly(c);
        return;
      }
      connect(c);
      reconnecting = false;
      boolean first = neverConnected;
      neverConnected = false;
      int resumed = 0;
      for (RabbitSubscription sub : subscriptions) {
        try {
          sub.start(c);
          resumed++;
        } catch (TransportException e) {
          LOG.error(
              "Could not consume from {} after connecting: {}; retrying in {}",
              sub.source(),
              e.getMessage(),
              human(options.reconnectDelay(0)));
          restartLater(sub);
        }
      }
      if (first && attempts == 0) {
        LOG.info(
            "Connected to RabbitMQ at {} (vhost {})",
            c.broker().address(),
            connector.virtualHost());
      } else {
        LOG.info(
            "{} RabbitMQ at {} (vhost {}) after {} failed attempt(s); consuming from {} of"
                + " {} subscription(s)",
            first ? "Connected to" : "Reconnected to",
            c.broker().address(),
            connector.virtualHost(),
            attempts,
            resumed,
            subscriptions.size());
      }
    }
  }

  // guarded by lock
  private void logFailure() {
    if (neverConnected && attempts == 1) {
      LOG.warn(
          "Cannot connect to RabbitMQ at {} (vhost {}): {}; going on without it and"
              + " retrying in {}, then with back-off (rabbit_retry_interval={}s, rabbit_retry_backoff="
              + "{}s, rabbit_interval_max={}s) until it answers; subscriptions consume once"
              + " connected, publishes fail until then",
          connector.addresses(),
          connector.virtualHost(),
          lastFailure,
          human(nextDelay),
          options.rabbitRetryInterval(),
          options.rabbitRetryBackoff(),
          options.rabbitIntervalMax());
    } else if (attempts % LOG_EVERY_ATTEMPTS == 0) {
      LOG.info(
          "Still cannot {} RabbitMQ at {} after {} attempts: {}; next attempt in {}",
          neverConnected ? "connect to" : "reconnect to",
          connector.addresses(),
          attempts,
          lastFailure,
          human(nextDelay));
    } else {
      LOG.debug(
          "Attempt {} to connect to RabbitMQ at {} failed: {}; next in {}",
          attempts,
          connector.addresses(),
          lastFailure,
          human(nextDelay));
    }
  }

  /** {@code 250 ms}, {@code 5 s}. */
  static String human(Duration d) {
    long millis = d.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
  }

  private static void closeQuietly(BrokerConnector.Connected c) {
    try {
      c.connection().close();
    } catch (Exception e) {
      LOG.debug("Closing a consuming connection opened during close failed", e);
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
        LOG.error(
            "Could not consume from {} again: {}; retrying in {}",
            sub.source(),
            e.getMessage(),
            human(options.reconnectDelay(1)));
        schedule(() -> restart(sub), options.reconnectDelay(1));
      }
    }
  }

  private void schedule(Runnable task, Duration delay) {
    try {
      // the task logs its own failures; the future carries nothing more
      ScheduledFuture<?> unused = scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      LOG.debug("Transport closing; not scheduling {}", task);
    }
  }
}
