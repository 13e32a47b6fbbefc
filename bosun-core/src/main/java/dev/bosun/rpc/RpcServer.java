package dev.bosun.rpc;

import dev.bosun.transport.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Serves RPC requests for one {@link Target} (topic and server): oslo.messaging's RPC server.
 *
 * <pre>{@code
 * RpcServer server = RpcServer.builder(transport)
 *     .target(Target.topic("volume").withServer("host1"))
 *     .endpoint(volumeManager)                      // namespace/version from its annotations
 *     .endpoint(adminEndpoint, "admin", "1.2")
 *     .build();
 * server.start();
 * }</pre>
 *
 * <p>It consumes three queues, as oslo does: {@code <topic>} (shared round-robin with every server
 * of the topic), {@code <topic>.<server>} (this server only) and a private queue bound to the
 * fanout exchange {@code <topic>_fanout}. Each request is acked when a handler thread takes it up
 * (oslo acks on receipt): a request that was received but not yet being handled when the process
 * dies, or that arrives while the server stops, goes back to its queue for another server; a
 * request whose ack fails (the connection dropped) is not handled, since the broker delivers it
 * again; handling begins only after a successful ack, and from there it is not delivered again
 * (at-most-once). A request is dropped if its {@code _unique_id} is among the last 16 this server
 * began to handle, and dispatched to an endpoint by namespace and version (see {@link
 * Builder#endpoint(Object, String, String)}). A call gets exactly one final reply {@code {result,
 * failure, ending: true}}, plus heartbeats every {@code floor(_timeout)/2} seconds while the
 * handler runs when the caller asked for them. A cast gets no reply; its failure is only logged. A
 * malformed message is logged and dropped and never stops the server.
 *
 * <p><b>Threads.</b> Handlers run on an executor from {@link
 * dev.bosun.concurrent.Threads#newTaskExecutor}: one virtual thread per request on Java 21+, a pool
 * of platform threads on 17. On every Java at most {@code executor_thread_pool_size} (64) requests
 * are handled at once. Handlers run concurrently with each other, the same method included:
 * endpoints must be thread-safe.
 *
 * <p><b>Bounded memory.</b> The server holds at most {@code executor_thread_pool_size} requests in
 * its handlers, plus at most as many unacked deliveries per queue waiting for a handler: it
 * subscribes with that limit ({@link Transport#subscribe(dev.bosun.transport.Source,
 * dev.bosun.transport.DeliveryHandler, int)}; on RabbitMQ the channel's prefetch, unless {@code
 * rabbit_qos_prefetch_count} is set). What a slow server cannot take stays in its queues (the
 * broker's, or the memory transport's, which is bounded by {@code [memory] max_queue_length}):
 * back-pressure, nothing dropped.
 *
 * <p><b>Lifecycle.</b> {@link #start()} and {@link #stop()} are idempotent. Stop stops consuming
 * first, then lets the handlers in flight finish and send their replies, for up to the graceful
 * shutdown timeout, then interrupts what is left. A stopped server cannot be started again.
 */
public interface RpcServer extends AutoCloseable {

  /** oslo's {@code executor_thread_pool_size} default: 64 requests handled at once. */
  int DEFAULT_EXECUTOR_THREAD_POOL_SIZE = 64;

  /** oslo.service's {@code graceful_shutdown_timeout} default: 60 s. */
  Duration DEFAULT_GRACEFUL_SHUTDOWN_TIMEOUT = Duration.ofSeconds(60);

  /** oslo's {@code kombu_missing_consumer_retry_timeout} default: 60 s. */
  Duration DEFAULT_REPLY_RETRY_TIMEOUT = Duration.ofSeconds(60);

  /**
   * The API version {@code endpoint} serves when added with {@link Builder#endpoint(Object)}: its
   * {@link RpcEndpoint} version, else its one {@link RpcApi} interface's, else 1.0.
   */
  static String endpointVersion(Object endpoint) {
    String version = Endpoint.declared(endpoint.getClass()).version();
    try {
      return Version.parse(version).toString();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "endpoint " + endpoint.getClass().getName() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Whether {@code endpoint} has RPC methods ({@link RpcApi} interfaces or {@link Rpc} methods), so
   * that {@link Builder#endpoint(Object)} accepts it.
   */
  static boolean hasRpcMethods(Object endpoint) {
    return Endpoint.hasRpcMethods(endpoint.getClass());
  }

  static Builder builder(Transport transport) {
    return new Builder(transport);
  }

  /** The topic and server this server listens on. */
  Target target();

  /**
   * Starts consuming. Idempotent while running.
   *
   * @throws IllegalStateException when the server was stopped: build a new one
   */
  void start();

  /**
   * Stops consuming, then waits up to the graceful shutdown timeout for handlers in flight to
   * finish and reply: {@code stop(gracefulShutdownTimeout)}. Idempotent; blocks the caller while it
   * waits.
   */
  void stop();

  /**
   * Stops consuming, then waits up to {@code timeout} (zero waits for ever, as {@code
   * graceful_shutdown_timeout} does) for handlers in flight to finish and reply, then interrupts
   * what is left. For a caller that has its own stop budget, such as a service giving the RPC drain
   * what is left of its stop timeout. Idempotent: only the first stop waits.
   *
   * @throws IllegalArgumentException when {@code timeout} is negative
   */
  void stop(Duration timeout);

  /** Same as {@link #stop()}. */
  @Override
  void close();

  /** Whether the server is started and not stopped. */
  boolean running();

  /** The counters so far; cheap, callable from any thread. */
  RpcServerStatistics statistics();

  /** Builds an {@link RpcServer}. Not thread-safe. */
  final class Builder {
    final Transport transport;
    @Nullable Target target;
    String controlExchange = RpcClient.DEFAULT_CONTROL_EXCHANGE;
    final List<Endpoint> endpoints = new ArrayList<>();
    int executorThreadPoolSize = DEFAULT_EXECUTOR_THREAD_POOL_SIZE;
    Duration gracefulShutdownTimeout = DEFAULT_GRACEFUL_SHUTDOWN_TIMEOUT;
    Duration replyRetryTimeout = DEFAULT_REPLY_RETRY_TIMEOUT;

    private Builder(Transport transport) {
      this.transport = Objects.requireNonNull(transport, "transport");
    }

    /** The topic and server to listen on; the server part is required (oslo's too). */
    public Builder target(Target value) {
      Objects.requireNonNull(value, "target");
      if (value.server().isEmpty()) {
        throw new IllegalArgumentException(
            "an RPC server target needs a server (the host), " + "found " + value);
      }
      if (value.fanout()) {
        throw new IllegalArgumentException(
            "an RPC server target cannot be fanout; every server "
                + "consumes its topic's fanout exchange anyway, found "
                + value);
      }
      this.target = value;
      return this;
    }

    /** oslo's {@code control_exchange} for a target without an exchange; default openstack. */
    public Builder controlExchange(String value) {
      Objects.requireNonNull(value, "controlExchange");
      if (value.isBlank()) {
        throw new IllegalArgumentException(
            "controlExchange must not be blank, found '" + value + "'");
      }
      this.controlExchange = value;
      return this;
    }

    /**
     * Adds an endpoint (a manager) serving {@code namespace} (empty for none, oslo's {@code None})
     * at {@code version}: it accepts requests of the same major version whose minor (and revision)
     * is not newer. Endpoints are tried in the order added.
     *
     * <p>Its RPC methods: every abstract method of every {@link RpcApi} interface its class
     * implements, plus every public method annotated {@link Rpc}. Nothing else (lifecycle hooks,
     * helpers) is callable. Wire names are the Java names in snake_case unless {@link Name} says
     * otherwise; a first parameter of type {@link dev.bosun.context.RequestContext} receives the
     * caller's context; other parameters are keyword arguments, converted from JSON with Jackson
     * (an {@link Optional} parameter may be left out by the caller).
     *
     * @throws IllegalArgumentException naming the class and problem: no RPC methods, two with one
     *     wire name, a bad version, an unnamed parameter
     */
    public Builder endpoint(Object endpoint, String namespace, String version) {
      Objects.requireNonNull(endpoint, "endpoint");
      Objects.requireNonNull(namespace, "namespace");
      endpoints.add(Endpoint.of(endpoint, Optional.of(namespace), version));
      return this;
    }

    /**
     * Adds an endpoint whose namespace and version come from its class's {@link RpcEndpoint}
     * annotation, else from the one {@link RpcApi} interface it implements, else oslo's default (no
     * namespace, 1.0). See {@link #endpoint(Object, String, String)} for its methods.
     */
    public Builder endpoint(Object endpoint) {
      endpoints.add(Endpoint.of(Objects.requireNonNull(endpoint, "endpoint")));
      return this;
    }

    /**
     * Requests handled at once, on every Java (oslo's {@code executor_thread_pool_size}); also how
     * many unacked deliveries each of the server's queues may hand it. Default 64.
     */
    public Builder executorThreadPoolSize(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("executorThreadPoolSize must be >= 1, found " + value);
      }
      this.executorThreadPoolSize = value;
      return this;
    }

    /**
     * How long {@link RpcServer#stop()} waits for handlers in flight; zero waits for ever
     * (oslo.service's {@code graceful_shutdown_timeout}, default 60 s).
     */
    public Builder gracefulShutdownTimeout(Duration value) {
      Objects.requireNonNull(value, "gracefulShutdownTimeout");
      if (value.isNegative()) {
        throw new IllegalArgumentException("gracefulShutdownTimeout must be >= 0, found " + value);
      }
      this.gracefulShutdownTimeout = value;
      return this;
    }

    /**
     * How long a reply whose queue is missing is retried (every 250 ms) before it is dropped:
     * oslo's {@code kombu_missing_consumer_retry_timeout}, default 60 s.
     */
    public Builder replyRetryTimeout(Duration value) {
      Objects.requireNonNull(value, "replyRetryTimeout");
      if (value.isNegative()) {
        throw new IllegalArgumentException("replyRetryTimeout must be >= 0, found " + value);
      }
      this.replyRetryTimeout = value;
      return this;
    }

    /**
     * Builds the server, not yet started.
     *
     * @throws IllegalStateException when no target or no endpoint was given
     */
    public RpcServer build() {
      if (target == null) {
        throw new IllegalStateException(
            "an RpcServer needs a target: builder.target("
                + "Target.topic(topic).withServer(host))");
      }
      if (endpoints.isEmpty()) {
        throw new IllegalStateException(
            "an RpcServer for " + target + " needs at least one " + "endpoint");
      }
      return new DefaultRpcServer(this);
    }
  }
}
