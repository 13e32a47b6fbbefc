package dev.bosun.rabbit;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Return;
import com.rabbitmq.client.ShutdownSignalException;
import dev.bosun.transport.Destination;
import dev.bosun.transport.NoRouteException;
import dev.bosun.transport.PublishOptions;
import dev.bosun.transport.TransportException;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publishing side: one connection with a confirm-mode channel for messages and a plain channel
 * for declarations (a 406 on a declaration then never kills the channel that carries unconfirmed
 * messages).
 *
 * <p>Reconnection is lazy: after the connection is lost, the next publish reconnects; if that
 * fails, publishes fail at once until the back-off delay ({@link RabbitOptions#reconnectDelay}) has
 * passed, then the next one tries again. When the failure was a refused TCP connection (nothing
 * listening: the broker is down), a publish within the delay probes the port (at most every {@link
 * Consumers#PROBE_INTERVAL}) and reconnects at once when the broker listens again. Before the
 * transport first reached a broker ({@code notConnectedYet}, the consuming side's connection loop),
 * publishes do not try at all and fail at once, saying when the loop tries next. A publish is never
 * queued while disconnected: its future fails with a {@link TransportException} that says so.
 *
 * <p>Thread-safe: publishes are serialised by one lock (they only write to a socket); confirms and
 * returns arrive on the connection's I/O thread, and futures are completed on {@code completions}
 * so that callers' continuations never run on the I/O thread.
 */
final class Publisher {
  private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);
  private static final long CLOSE_CONFIRM_WAIT_MILLIS = 5_000;

  private final BrokerConnector connector;
  private final Topology topology;
  private final RabbitOptions options;
  private final ExecutorService completions;
  private final Supplier<Optional<String>> notConnectedYet;
  private final Object lock = new Object();

  // guarded by lock
  private BrokerConnector.@Nullable Connected current;
  private @Nullable Channel confirms;
  private @Nullable ConfirmTracker tracker;
  private @Nullable Channel declares;
  private final Set<String> declared = new HashSet<>();
  private int failedAttempts;
  private long nextAttemptNanos;
  private String lastFailure = "";
  private boolean lastFailureRefused;
  private long lastProbeNanos;
  private boolean closed;
  private volatile boolean lost;

  Publisher(
      BrokerConnector connector,
      Topology topology,
      RabbitOptions options,
      ExecutorService completions,
      Supplier<Optional<String>> notConnectedYet) {
    this.connector = connector;
    this.topology = topology;
    this.options = options;
    this.completions = completions;
    this.notConnectedYet = notConnectedYet;
  }

  /** Connects now, so a wrong URL fails at start-up rather than at the first message. */
  void connect() {
    synchronized (lock) {
      ensureConnected();
    }
  }

  CompletableFuture<Void> publish(Destination destination, byte[] body, PublishOptions po) {
    CompletableFuture<Void> result = new CompletableFuture<>();
    String exchange = exchange(destination);
    String routingKey = routingKey(destination);
    Wire.Compression compression = Wire.Compression.of(options.kombuCompression());
    byte[] wire = compression.apply(body);
    AMQP.BasicProperties props = Wire.properties(po.ttlMillis(), compression);
    synchronized (lock) {
      if (closed) {
        result.completeExceptionally(
            new TransportException("The RabbitMQ transport is closed; not sent to " + destination));
        return result;
      }
      try {
        ensureConnected();
        declare(destination);
        Channel channel = Objects.requireNonNull(confirms, "confirms"); // ensureConnected opened
        ConfirmTracker pending = Objects.requireNonNull(tracker, "tracker"); // both
        long seq = channel.getNextPublishSeqNo();
        pending.add(
            seq,
            new Pending(result, destination, exchange, routingKey, po.mandatory() ? wire : null));
        try {
          channel.basicPublish(exchange, routingKey, po.mandatory(), props, wire);
        } catch (IOException | ShutdownSignalException e) {
          pending.remove(seq);
          throw new TransportException(
              "Not sent to "
                  + destination
                  + ": the publishing channel to"
                  + " RabbitMQ at "
                  + connected().broker().address()
                  + " is closed ("
                  + Declarer.reason(e)
                  + "); the next publish reconnects",
              e);
        }
      } catch (TransportException e) {
        result.completeExceptionally(e);
      } catch (IOException | ShutdownSignalException e) {
        result.completeExceptionally(
            Declarer.failure(
                "Not sent to "
                    + destination
                    + ": declaring its exchange or queue on RabbitMQ failed",
                e));
      }
    }
    return result;
  }

  /** Waits briefly for outstanding confirms, then closes; pending futures fail. Idempotent. */
  void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      if (current == null) {
        return;
      }
      try {
        if (confirms != null && confirms.isOpen() && tracker != null && tracker.size() > 0) {
          confirms.waitForConfirms(CLOSE_CONFIRM_WAIT_MILLIS);
        }
      } catch (InterruptedException | TimeoutException | RuntimeException e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        LOG.debug("Not all publishes were confirmed before close", e);
      }
      if (tracker != null) {
        tracker.failAll(
            p ->
                new TransportException(
                    "The RabbitMQ transport was closed before the"
                        + " broker confirmed the message to "
                        + p.destination
                        + "; it may not have arrived"));
      }
      try {
        current.connection().close();
      } catch (IOException | RuntimeException e) {
        LOG.debug("Closing the publishing connection failed", e);
      }
    }
  }

  private void ensureConnected() {
    if (current != null && current.connection().isOpen()) {
      if (confirms != null && confirms.isOpen()) {
        return;
      }
      openChannels();
      return;
    }
    if (current == null) {
      Optional<String> waiting = notConnectedYet.get();
      if (waiting.isPresent()) {
        throw new TransportException(waiting.get() + "; message not sent");
      }
    }
    long now = System.nanoTime();
    if (failedAttempts > 0 && now - nextAttemptNanos < 0 && !brokerListensAgain(now)) {
      throw new TransportException(
          "Not connected to RabbitMQ ("
              + connector.describeBrokers()
              + "): "
              + lastFailure
              + "; the next connection attempt is in "
              + Duration.ofNanos(nextAttemptNanos - now).toMillis()
              + " ms; message not sent");
    }
    BrokerConnector.Connected c;
    try {
      c = connector.open("publisher");
    } catch (TransportException e) {
      failedAttempts++;
      Duration delay = options.reconnectDelay(failedAttempts);
      nextAttemptNanos = now + delay.toNanos();
      lastFailure = String.valueOf(e.getMessage());
      lastFailureRefused = e instanceof BrokerConnector.ConnectFailure f && f.allRefused();
      lastProbeNanos = now;
      throw new TransportException(
          e.getMessage() + "; message not sent; next attempt in " + delay.toMillis() + " ms", e);
    }
    if (lost) {
      LOG.info(
          "Publishing to RabbitMQ at {} (vhost {}) again",
          c.broker().address(),
          connector.virtualHost());
      lost = false;
    }
    failedAttempts = 0;
    current = c;
    confirms = null;
    c.connection().addShutdownListener(cause -> onConnectionLost(c, cause));
    openChannels();
  }

  /**
   * Within the back-off delay after every broker refused the TCP connection (an outage, not a bad
   * handshake): whether one listens again, probed at most every {@link Consumers#PROBE_INTERVAL},
   * so that publishing resumes as soon as a restarted broker accepts connections.
   */
  private boolean brokerListensAgain(long now) {
    if (!lastFailureRefused || now - lastProbeNanos < Consumers.PROBE_INTERVAL.toNanos()) {
      return false;
    }
    lastProbeNanos = now;
    return connector.anyAccepting();
  }

  private void onConnectionLost(BrokerConnector.Connected c, ShutdownSignalException cause) {
    if (cause.isInitiatedByApplication() || lost) {
      return;
    }
    lost = true;
    LOG.warn(
        "Lost the publishing connection to RabbitMQ at {} ({}); messages not yet confirmed"
            + " fail, and the next publish reconnects (back-off from rabbit_retry_interval={}s up to"
            + " rabbit_interval_max={}s)",
        c.broker().address(),
        Declarer.reason(cause),
        options.rabbitRetryInterval(),
        options.rabbitIntervalMax());
  }

  private void openChannels() {
    BrokerConnector.Connected c = connected();
    try {
      if (confirms != null && !confirms.isOpen() && c.connection().isOpen()) {
        LOG.warn(
            "The broker closed the publishing channel on {} ({}); opening a new one",
            c.broker().address(),
            Declarer.reason(confirms.getCloseReason()));
      }
      Channel ch = c.connection().createChannel();
      ch.confirmSelect();
      ConfirmTracker t = new ConfirmTracker();
      ch.addConfirmListener(
          (seq, multiple) -> t.settle(seq, multiple, true),
          (seq, multiple) -> t.settle(seq, multiple, false));
      ch.addReturnListener(t::returned);
      ch.addShutdownListener(
          cause ->
              t.failAll(
                  p ->
                      new TransportException(
                          "The connection to"
                              + " RabbitMQ at "
                              + c.broker().address()
                              + " closed ("
                              + Declarer.reason(cause)
                              + ") before the broker confirmed the message to "
                              + p.destination
                              + "; it may or may not have been delivered",
                          cause)));
      confirms = ch;
      tracker = t;
      declares = null;
      declared.clear();
    } catch (IOException | ShutdownSignalException e) {
      throw Declarer.failure(
          "Cannot open a publishing channel on RabbitMQ at " + c.broker().address(), e);
    }
  }

  private Channel declareChannel() throws IOException {
    if (declares == null || !declares.isOpen()) {
      declares = connected().connection().createChannel();
    }
    return declares;
  }

  private void declare(Destination destination) throws IOException {
    if (destination instanceof Destination.Topic t) {
      declareExchange(
          t.exchange(), Topology.TOPIC, topology.exchangeDurable(), topology.exchangeAutoDelete());
    } else if (destination instanceof Destination.Fanout f) {
      declareExchange(f.exchange(), Topology.FANOUT, false, true);
    } else if (destination instanceof Destination.Notification n) {
      declareExchange(
          n.exchange(), Topology.TOPIC, topology.exchangeDurable(), topology.exchangeAutoDelete());
      String key = "q:" + n.exchange() + "/" + n.routingKey();
      if (!declared.contains(key)) {
        declares =
            Declarer.queue(
                declareChannel(),
                connected().connection()::createChannel,
                n.routingKey(),
                topology.sharedQueueDurable(),
                topology.sharedQueueAutoDelete(),
                topology.sharedQueueArguments());
        declareChannel().queueBind(n.routingKey(), n.exchange(), n.routingKey());
        if (!topology.sharedQueueAutoDelete()) {
          declared.add(key);
        }
      }
    }
    // Destination.Reply: the default exchange, never declared
  }

  /** Auto-delete exchanges can vanish at any time, so they are declared on every publish. */
  private void declareExchange(String name, String type, boolean durable, boolean autoDelete)
      throws IOException {
    String key = "x:" + name;
    if (declared.contains(key)) {
      return;
    }
    declares =
        Declarer.exchange(
            declareChannel(),
            connected().connection()::createChannel,
            name,
            type,
            durable,
            autoDelete);
    if (!autoDelete) {
      declared.add(key);
    }
  }

  /** The connection in use; only after ensureConnected(), under lock. */
  private BrokerConnector.Connected connected() {
    return Objects.requireNonNull(current, "not connected");
  }

  static String exchange(Destination d) {
    if (d instanceof Destination.Topic t) {
      return t.exchange();
    } else if (d instanceof Destination.Fanout f) {
      return f.exchange();
    } else if (d instanceof Destination.Notification n) {
      return n.exchange();
    }
    return "";
  }

  static String routingKey(Destination d) {
    if (d instanceof Destination.Topic t) {
      return t.routingKey();
    } else if (d instanceof Destination.Fanout) {
      return "";
    } else if (d instanceof Destination.Notification n) {
      return n.routingKey();
    }
    return ((Destination.Reply) d).queue();
  }

  /** One message waiting for its confirm. {@code body} is kept only for mandatory messages. */
  static final class Pending {
    final CompletableFuture<Void> future;
    final Destination destination;
    final String exchange;
    final String routingKey;
    final byte @Nullable [] body; // kept only for a mandatory publish, to name what came back
    volatile boolean returned;

    Pending(
        CompletableFuture<Void> future,
        Destination destination,
        String exchange,
        String routingKey,
        byte @Nullable [] body) {
      this.future = future;
      this.destination = destination;
      this.exchange = exchange;
      this.routingKey = routingKey;
      this.body = body;
    }
  }

  /**
   * The messages of one confirm channel, by publish sequence number. RabbitMQ sends the {@code
   * basic.return} of an unroutable mandatory message before its {@code basic.ack}, on the same
   * channel, so a return marks the oldest matching pending message and its ack then fails it with
   * {@link NoRouteException}. Returns carry no sequence number, and the headers stay empty as
   * oslo's do, so the match is by exchange, routing key and body; two identical mandatory messages
   * in flight are interchangeable.
   */
  final class ConfirmTracker {
    private final ConcurrentSkipListMap<Long, Pending> pending = new ConcurrentSkipListMap<>();

    void add(long seq, Pending p) {
      pending.put(seq, p);
    }

    void remove(long seq) {
      pending.remove(seq);
    }

    int size() {
      return pending.size();
    }

    void settle(long seq, boolean multiple, boolean ack) {
      Iterable<Long> keys =
          multiple
              ? new java.util.ArrayList<>(pending.headMap(seq, true).keySet())
              : java.util.List.of(seq);
      for (Long key : keys) {
        Pending p = pending.remove(key);
        if (p == null) {
          continue;
        }
        if (!ack) {
          fail(
              p,
              new TransportException(
                  "RabbitMQ refused (nack) the message to "
                      + p.destination
                      + "; it was not delivered"));
        } else if (p.returned) {
          fail(p, new NoRouteException(p.destination));
        } else {
          complete(p);
        }
      }
    }

    void returned(Return r) {
      for (Pending p : pending.values()) {
        if (p.body != null
            && !p.returned
            && p.exchange.equals(r.getExchange())
            && p.routingKey.equals(r.getRoutingKey())
            && Arrays.equals(p.body, r.getBody())) {
          p.returned = true;
          return;
        }
      }
      LOG.debug(
          "basic.return for exchange '{}' key '{}' matched no pending message",
          r.getExchange(),
          r.getRoutingKey());
    }

    void failAll(Function<Pending, TransportException> error) {
      for (Long key : pending.keySet()) {
        Pending p = pending.remove(key);
        if (p != null) {
          fail(p, error.apply(p));
        }
      }
    }

    private void complete(Pending p) {
      run(() -> p.future.complete(null));
    }

    private void fail(Pending p, TransportException e) {
      run(() -> p.future.completeExceptionally(e));
    }

    private void run(Runnable r) {
      try {
        completions.execute(r);
      } catch (RejectedExecutionException e) {
        r.run();
      }
    }
  }
}
