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
 * waits {@code kombu_reconnect_delay}), and it never gives up on an outage, as oslo's rabbit driver
 * does by default. While nothing listens on any broker's port it probes the ports every {@link
 * #PROBE_INTERVAL} and attempts as soon as one accepts, so a restarted broker is used within a
 * fraction of a second rather than at the end of a back-off delay of up to {@code
 * rabbit_interval_max}. Refused credentials are not an outage: at the first connection (when the
 * transport is built) they fail the build at once; later (the broker came up or came back with
 * other users) they are logged at ERROR once, naming the user and broker but never the password,
 * retried with back-off, and after {@value #AUTH_FAILURE_LIMIT} refusals in a row the loop stops
 * with one more ERROR: publishes and subscribes then fail with that reason. Attempts run on the
 * {@code scheduler} thread (the first one of {@link #connectOrRetry()} on the caller's), never
 * holding the lock, so closing or subscribing does not wait for a connection timeout. Once
 * connected it declares every subscription's exchange, queue and bindings (private queues keep
 * their names) and consumes. Messages that were delivered but not acked when the connection dropped
 * are redelivered by the broker.
 *
 * <p>Logging: a loss at WARN once; a first connection that fails at WARN once, with the address and
 * the next delay; further failed attempts at INFO every {@value #LOG_EVERY_ATTEMPTS}th attempt
 * (DEBUG otherwise); the connection at INFO once.
 */
final class Consumers {
  private static final Logger LOG = LoggerFactory.getLogger(Consumers.class);
  static final int LOG_EVERY_ATTEMPTS = 10;

  /**
   * Consecutive attempts refused for the credentials after which the loop stops: {@value}, about 16
   * s with oslo's default back-off (1, 3, 5, 7 s). Long enough to ride out a user being created or
   * a password rotated on the broker a moment after the service started, short enough that a typo
   * is reported as what it is instead of retried for ever.
   */
  static final int AUTH_FAILURE_LIMIT = 5;

  /** How often a broker's port is probed while nothing listens there (see {@link #probe}). */
  static final Duration PROBE_INTERVAL = Duration.ofMillis(200);

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
  private int authFailures;
  private @Nullable String giveUp;
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
    BrokerConnector.Connected c;
    try {
      c = connector.open("consumer");
    } catch (BrokerConnector.ConnectFailure f) {
      if (f.onlyAuthRefused(connector.brokerCount())) {
        String reason = credentialsRefused(f, "not starting");
        synchronized (lock) {
          giveUp = reason;
          reconnecting = false;
        }
        throw new TransportException(reason, f); // the caller reports it: logged once, there
      }
      failed(f);
      return;
    }
    connected(c);
  }

  /**
   * The transport gave up (the credentials were refused {@value #AUTH_FAILURE_LIMIT} times in a
   * row): why, for publishes to fail with; empty while it still tries or is connected.
   */
  Optional<String> gaveUp() {
    synchronized (lock) {
      return Optional.ofNullable(giveUp);
    }
  }

  /** While {@link #connectOrRetry()} has not reached a broker yet: why, and when it tries again. */
  Optional<String> notConnectedYet() {
    synchronized (lock) {
      if (giveUp != null && !closed) {
        return Optional.of(giveUp);
      }
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
      if (giveUp != null) {
        throw new TransportException(giveUp + "; cannot subscribe to " + source);
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
      failed(e);
      return;
    }
    connected(c);
  }

  private void failed(TransportException e) {
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
      if (e instanceof BrokerConnector.ConnectFailure f
          && f.onlyAuthRefused(connector.brokerCount())) {
        authFailures++;
        if (authFailures >= AUTH_FAILURE_LIMIT) {
          String reason = credentialsRefused(f, "stopped retrying");
          giveUp = reason;
          reconnecting = false;
          LOG.error(reason);
          return;
        }
        if (authFailures == 1) {
          LOG.error(
              "{}; this is not an outage: check the user and password of transport_url. Retrying"
                  + " {} more time(s) with back-off (next in {}), then giving up",
              credentialsRefused(f, null),
              AUTH_FAILURE_LIMIT - authFailures,
              human(nextDelay));
        }
        schedule(this::attempt, nextDelay);
        return;
      }
      authFailures = 0;
      logFailure();
      if (e instanceof BrokerConnector.ConnectFailure f && f.allRefused()) {
        long deadline = System.nanoTime() + nextDelay.toNanos();
        schedule(() -> probe(deadline), PROBE_INTERVAL);
      } else {
        schedule(this::attempt, nextDelay);
      }
    }
  }

  /**
   * While nothing listens on any broker's port, checks every {@link #PROBE_INTERVAL} whether one
   * does again, and attempts at once when it does, instead of sleeping through the rest of the
   * back-off delay: a restarted broker is used within about {@link #PROBE_INTERVAL} of accepting
   * connections. A TCP connect to a closed local port costs microseconds; a broker that answers but
   * fails the handshake goes back to the plain back-off, so the probe never hammers it.
   */
  private void probe(long deadlineNanos) {
    synchronized (lock) {
      if (closed) {
        return;
      }
    }
    long left = deadlineNanos - System.nanoTime();
    if (left <= 0 || connector.anyAccepting()) {
      attempt();
      return;
    }
    schedule(
        () -> probe(deadlineNanos), Duration.ofNanos(Math.min(left, PROBE_INTERVAL.toNanos())));
  }

  /** "RabbitMQ at h:p refused the credentials of user 'u' (why)" plus what happens next. */
  private String credentialsRefused(BrokerConnector.ConnectFailure f, @Nullable String next) {
    StringBuilder b = new StringBuilder();
    for (RabbitBroker broker : f.authRefused()) {
      if (b.length() > 0) {
        b.append("; ");
      }
      b.append("RabbitMQ at ")
          .append(broker.address())
          .append(" (vhost ")
          .append(connector.virtualHost())
          .append(") refused the credentials of user '")
          .append(broker.username())
          .append("'");
    }
    if (next == null) {
      return b.toString();
    }
    return b
        + (authFailures > 1 ? " " + authFailures + " times in a row" : "")
        + "; "
        + next
        + ": wrong credentials are not an outage. Fix the user and password in transport_url"
        + " (or the user on the broker) and start the service again";
  }

  private void connected(BrokerConnector.Connected c) {
    synchronized (lock) {
      if (closed) {
        closeQuietly(c);
        return;
      }
      connect(c);
      reconnecting = false;
      authFailures = 0;
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
