package dev.bosun.rabbit;

import dev.bosun.concurrent.Threads;
import dev.bosun.transport.Destination;
import dev.bosun.transport.PublishOptions;
import dev.bosun.transport.Source;
import dev.bosun.transport.Subscription;
import dev.bosun.transport.Transport;
import dev.bosun.transport.TransportException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.stream.Collectors;

/**
 * The {@code rabbit://} transport: oslo.messaging's RabbitMQ driver (14.0.3) on amqp-client, wire-
 * and topology-compatible with Python services on the same broker.
 *
 * <h2>Topology (spec §2)</h2>
 *
 * <ul>
 *   <li>{@link Destination.Topic} / {@link Source.Shared}: the control exchange named by the caller
 *       (oslo's {@code control_exchange}, default {@code openstack}), type topic, durable = {@code
 *       amqp_durable_queues OR rabbit_quorum_queue}, auto-delete = {@code amqp_auto_delete}; shared
 *       queues with the same flags plus the quorum / HA arguments of {@link RabbitOptions}.
 *   <li>{@link Destination.Fanout} / {@link Source.Fanout}: exchange {@code <topic>_fanout}
 *       (fanout, not durable, auto-delete), a private queue {@code <topic>_fanout_<uuid4hex>} with
 *       {@code x-expires} = {@code rabbit_transient_queues_ttl}×1000, bound with key {@code
 *       <topic>}, deleted when the subscription closes.
 *   <li>{@link Destination.Reply} / {@link Source.Reply}: the default exchange; a private queue
 *       {@code reply_<uuid4hex>} with the same {@code x-expires}.
 *   <li>{@link Destination.Notification}: the control exchange, and the queue named like the
 *       routing key, declared and bound by the publisher so notifications wait for a listener.
 * </ul>
 *
 * Every message carries {@code content_type application/json}, {@code content_encoding utf-8},
 * {@code delivery_mode 2}, {@code priority 0}, empty headers, and {@code expiration} = {@link
 * PublishOptions#ttlMillis()} when it is &gt; 0 (the RPC layer sets it on calls only). A
 * redeclaration refused with {@code 406 PRECONDITION_FAILED} (other flags on an existing exchange
 * or queue) is logged and the entity is used as it is.
 *
 * <h2>Guarantees</h2>
 *
 * <ul>
 *   <li>A publish future completes only when the broker confirms the message (publisher confirms);
 *       a {@code basic.nack} fails it; a mandatory message that no queue takes fails with {@link
 *       dev.bosun.transport.NoRouteException}. Many publishes may be in flight.
 *   <li>Nothing is dropped silently: a publish while the connection is down (or not up yet) fails
 *       at once with a {@link TransportException} (it is not queued or retried here: the caller
 *       decides), and messages unconfirmed when the connection drops fail too, since the broker may
 *       or may not have them. A confirmed message is in its queue(s).
 *   <li>Deliveries are acked or rejected by the layer above, exactly when it chooses: the RPC
 *       server acks a request when a handler thread takes it up, so a request received but not yet
 *       handled when the process dies is delivered again, and one being handled is not (oslo acks
 *       on receipt); reply waiters ack on receipt; notification listeners ack after the handler
 *       returns, so notifications are at-least-once. A delivery unsettled when the connection drops
 *       is redelivered by the broker.
 *   <li>Casts and fanout casts are confirmed to the broker; fanout messages reach only the servers
 *       whose queues exist at that moment.
 * </ul>
 *
 * <h2>Connections and threads</h2>
 *
 * One connection publishes (a confirm channel plus a channel for declarations) and one consumes (a
 * channel per subscription, {@code basic.qos(rabbit_qos_prefetch_count)} when it is &gt; 0).
 * Brokers are tried in the order given. A broker that is not reachable yet when the transport is
 * built is waited for in the background (unless {@link Builder#failFast}), with the same back-off
 * and code as a reconnection: subscriptions made meanwhile consume once connected; see {@link
 * Builder#build()}. After a connection loss the consuming side reconnects with back-off and resumes
 * every subscription; the publishing side reconnects on the next publish (see {@link
 * RabbitOptions#reconnectDelay}). Each loss is logged once, and each recovery once. Handlers run on
 * amqp-client's consumer threads, one delivery at a time per subscription; publish futures complete
 * on a Bosun task thread, never on the I/O thread.
 *
 * <p>Differences from oslo, on purpose: the queues of several subscriptions share one consuming
 * connection; publishes are not retried after a connection error (oslo retries forever by default),
 * so the caller sees the failure.
 */
public final class RabbitTransport implements Transport {
  private final List<RabbitBroker> brokers;
  private final String virtualHost;
  private final RabbitOptions options;
  private final ExecutorService completions;
  private final ScheduledExecutorService scheduler;
  private final Publisher publisher;
  private final Consumers consumers;
  private final Object lock = new Object();
  private boolean closed;

  private RabbitTransport(Builder b) {
    this.brokers = List.copyOf(b.brokers);
    this.virtualHost = b.virtualHost;
    this.options = b.options;
    Topology topology = new Topology(options);
    BrokerConnector connector =
        new BrokerConnector(brokers, virtualHost, options, b.connectionName);
    this.completions = Threads.newTaskExecutor("bosun-rabbit-confirm", 2);
    ScheduledThreadPoolExecutor s =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "bosun-rabbit-reconnect");
              t.setDaemon(true);
              return t;
            });
    s.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.scheduler = s;
    this.consumers = new Consumers(connector, topology, options, scheduler);
    this.publisher =
        new Publisher(connector, topology, options, completions, consumers::notConnectedYet);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A transport on the first reachable broker of {@code brokers}, waiting for one in the background
   * when none answers yet (see {@link Builder#build()}).
   */
  public static RabbitTransport create(
      List<RabbitBroker> brokers, String virtualHost, RabbitOptions options) {
    return builder().brokers(brokers).virtualHost(virtualHost).options(options).build();
  }

  public RabbitOptions options() {
    return options;
  }

  @Override
  public CompletableFuture<Void> publish(
      Destination destination, byte[] body, PublishOptions options) {
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(options, "options");
    return publisher.publish(destination, body, options);
  }

  @Override
  public Subscription subscribe(Source source, dev.bosun.transport.DeliveryHandler handler) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(handler, "handler");
    return consumers.subscribe(source, handler, 0);
  }

  /**
   * The prefetch of the subscription's channel is {@code rabbit_qos_prefetch_count} when that is
   * set (&gt; 0), else {@code maxUnsettled}.
   */
  @Override
  public Subscription subscribe(
      Source source, dev.bosun.transport.DeliveryHandler handler, int maxUnsettled) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(handler, "handler");
    if (maxUnsettled < 1) {
      throw new IllegalArgumentException("maxUnsettled must be >= 1, found " + maxUnsettled);
    }
    return consumers.subscribe(source, handler, maxUnsettled);
  }

  @Override
  public String describe() {
    String hosts = brokers.stream().map(RabbitBroker::toString).collect(Collectors.joining(","));
    String vhost =
        virtualHost.equals("/") ? "" : URLEncoder.encode(virtualHost, StandardCharsets.UTF_8);
    return "rabbit://" + hosts + "/" + vhost;
  }

  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    consumers.close();
    publisher.close();
    scheduler.shutdownNow();
    completions.shutdown();
  }

  @Override
  public String toString() {
    return "RabbitTransport[" + describe() + "]";
  }

  /**
   * Brokers, virtual host and options; {@link #build()} connects, or starts waiting for a broker
   * unless {@link #failFast failFast(true)}.
   */
  public static final class Builder {
    private final List<RabbitBroker> brokers = new ArrayList<>();
    private String virtualHost = "/";
    private RabbitOptions options = RabbitOptions.defaults();
    private String connectionName = "bosun";
    private boolean failFast;

    private Builder() {}

    /** Adds a broker; brokers are tried in the order added. */
    public Builder broker(RabbitBroker broker) {
      brokers.add(Objects.requireNonNull(broker, "broker"));
      return this;
    }

    public Builder brokers(List<RabbitBroker> list) {
      list.forEach(this::broker);
      return this;
    }

    /** The AMQP virtual host, {@code /} by default. */
    public Builder virtualHost(String vhost) {
      Objects.requireNonNull(vhost, "virtualHost");
      this.virtualHost = vhost.isEmpty() ? "/" : vhost;
      return this;
    }

    public Builder options(RabbitOptions value) {
      this.options = Objects.requireNonNull(value, "options");
      return this;
    }

    /**
     * The start of the AMQP {@code connection_name} shown by {@code rabbitmqctl list_connections}:
     * {@code <name>:<pid>:<uuid>:<publisher|consumer>} (oslo uses the program name).
     */
    public Builder connectionName(String name) {
      Objects.requireNonNull(name, "connectionName");
      if (name.isBlank()) {
        throw new IllegalArgumentException("connectionName must not be blank");
      }
      this.connectionName = name;
      return this;
    }

    /**
     * Whether {@link #build()} fails when no broker answers (for tools, where waiting helps
     * nobody); by default it does not, and the transport waits for the broker (oslo's rabbit
     * driver, too, retries connecting forever by default).
     */
    public Builder failFast(boolean value) {
      this.failFast = value;
      return this;
    }

    /**
     * The transport. It tries to connect at once, on this thread: brokers in order, each attempt
     * bounded by a 10 s connection timeout.
     *
     * <p>By default, when no broker answers, this still returns: the failure is logged at WARN with
     * the addresses and the next delay, and the transport goes on trying on its own thread with the
     * reconnection back-off ({@link RabbitOptions#reconnectDelay}: {@code rabbit_retry_interval},
     * growing by {@code rabbit_retry_backoff}, at most {@code rabbit_interval_max}), forever;
     * further failures are logged at INFO every tenth attempt, and the connection once at INFO.
     * Meanwhile {@link RabbitTransport#subscribe} succeeds and the subscription consumes once
     * connected, and {@link RabbitTransport#publish} fails its future at once with a {@link
     * TransportException} ("Not connected to RabbitMQ at host:port yet; retrying every N s ..."):
     * it neither waits nor queues, so the caller, which knows its own deadline, decides whether to
     * try again.
     *
     * <p>Refused credentials are not an outage and are not waited for: when every broker answers
     * but refuses the user and password ({@code ACCESS_REFUSED}), this fails at once with an
     * exception naming the user and the brokers (never the password), and logs nothing itself. When
     * the broker is unreachable at first and refuses the credentials later, the background loop
     * logs that at ERROR once, retries with back-off, and stops after {@value
     * Consumers#AUTH_FAILURE_LIMIT} refusals in a row with a last ERROR; publishes and subscribes
     * then fail with that reason.
     *
     * @throws TransportException when every broker refuses the credentials, or with {@link
     *     #failFast failFast(true)} when no broker accepts a connection, naming every broker tried
     *     and why it failed
     */
    public RabbitTransport build() {
      if (brokers.isEmpty()) {
        throw new IllegalStateException("no broker given; add one with broker(...)");
      }
      RabbitTransport t = new RabbitTransport(this);
      if (!failFast) {
        try {
          t.consumers.connectOrRetry();
        } catch (TransportException e) {
          t.close();
          throw e;
        }
        return t;
      }
      try {
        t.publisher.connect();
      } catch (TransportException e) {
        t.close();
        throw e;
      }
      return t;
    }
  }
}
