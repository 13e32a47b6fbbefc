package dev.bosun.rpc;

import dev.bosun.context.RequestContext;
import dev.bosun.transport.Transport;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Calls and casts RPC methods on the servers of a topic: oslo.messaging's {@code RPCClient}.
 *
 * <pre>{@code
 * RpcClient volume = RpcClient.builder(transport).target(Target.topic("volume")).build();
 * Optional<Long> id = volume.prepare(p -> p.server("host1").version("1.3"))
 *     .call(ctx, "create_volume", Map.of("size", 10), Long.class);
 * volume.cast(ctx, "delete_volume", Map.of("volume_id", 7));
 * VolumeApi api = volume.proxy(VolumeApi.class);         // typed, see RpcApi
 * }</pre>
 *
 * <p><b>Results.</b> A call never returns {@code null}: the result is an {@link Optional}, empty
 * when the server returned {@code null}/{@code None} (or a {@code void} method). Failures are
 * exceptions: {@link RpcTimeoutException} when no final reply came in time, {@link
 * MessageUndeliverableException} at once when nobody serves the target, {@link VersionCapException}
 * before sending when the version is above the cap (fixed, or automatic from the services table
 * during a rolling upgrade: see {@link VersionCap}), {@link NoSuchMethodException} / {@link
 * UnsupportedVersionException} when the server has no such method or version, and the handler's own
 * exception (see {@link Builder#allowedRemoteExmods(Collection)}) or a {@link RemoteException} when
 * it failed.
 *
 * <p><b>Sharing.</b> A client and every client {@link #prepare prepared} from it share one reply
 * queue, consumed from the first call until {@link #close()}; closing any of them closes that queue
 * for all, and calls still waiting fail. All methods are thread-safe and any number of calls may be
 * in flight at once. A call blocks only the calling thread (a virtual thread on 21+ costs nothing
 * to block); {@link #callAsync} blocks none: its future completes on a transport or timer thread,
 * so chain heavy work with the {@code *Async} methods of {@link CompletableFuture}.
 *
 * <p><b>What a sent cast promises.</b> A cast returns (or its future completes) when the transport
 * has taken it: on RabbitMQ, when the broker confirmed it, and a confirm means the message is in
 * the topic's queue, since casts to a topic are published mandatory: one that no queue takes (no
 * server ever declared it, or the broker restarted and lost a non-durable queue that the servers
 * have not declared again yet) fails with {@link MessageUndeliverableException}, and the caller may
 * send it again. What happens to a queued cast then depends on the queue: with {@code
 * amqp_durable_queues} or {@code rabbit_quorum_queue} it survives a broker crash (the broker
 * confirms a persistent message in a durable queue once written to disk, in a quorum queue once a
 * majority of nodes has it), so no confirmed cast is lost; a non-durable queue (oslo's default)
 * loses what it holds when the broker stops. A cast that fails with a connection error may or may
 * not have arrived. Fanout casts are not mandatory: they reach the servers running at that moment,
 * possibly none.
 *
 * <p><b>Where Bosun differs from oslo.</b> Calls and topic casts are published mandatory (oslo
 * publishes only calls with {@code at_least_once}, and drops unroutable casts silently), so a call
 * to a topic nobody serves fails at once rather than after the timeout, and a cast says that it
 * went nowhere. With a version cap set, a request without a version counts as 1.0 (the version the
 * server assumes) instead of being refused.
 */
public interface RpcClient extends AutoCloseable {

  /** oslo's {@code rpc_response_timeout} default: 60 seconds. */
  Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  /** oslo's {@code control_exchange} default, {@value}. */
  String DEFAULT_CONTROL_EXCHANGE = "openstack";

  static Builder builder(Transport transport) {
    return new Builder(transport);
  }

  /** The target requests go to, if a topic has been set. */
  Optional<Target> target();

  /** The call timeout: the overall wait and the request's time-to-live on the broker. */
  Duration timeout();

  /**
   * The call-monitor timeout ({@code _timeout}), if set: see {@link Prepare#callMonitorTimeout}.
   */
  Optional<Duration> callMonitorTimeout();

  /**
   * The highest version this client sends: {@link VersionCap#none()} unless set; its {@link
   * VersionCap#current()} is the cap in force now.
   */
  VersionCap versionCap();

  /**
   * Whether a request for {@code version} may be sent under the version cap: oslo's {@code
   * can_send_version}. Always true without a cap. Code that must talk to old servers during a
   * rolling upgrade branches on it to send an older form of a message:
   *
   * <pre>{@code
   * if (client.canSendVersion("1.3")) {
   *   api.createTypedVolume(ctx, size, type);   // @Since("1.3")
   * } else {
   *   api.createVolume(ctx, size);              // what 1.2 servers understand
   * }
   * }</pre>
   *
   * <p>An automatic cap not read yet is read here (see {@link VersionCap}).
   *
   * @throws IllegalArgumentException when {@code version} is not an RPC version
   * @throws RpcException when an automatic cap cannot be read
   */
  boolean canSendVersion(String version);

  /**
   * A client for the same transport with some settings changed: oslo's {@code prepare()}. {@code
   * client.prepare(p -> p.server("host1").version("1.3").timeout(Duration.ofSeconds(5)))}. Cheap:
   * it shares this client's reply queue.
   */
  RpcClient prepare(Consumer<Prepare> changes);

  /**
   * Calls {@code method} with keyword arguments {@code args} and waits for its result, converted to
   * {@code resultType} ({@code Object.class} gives maps, lists, strings, numbers and booleans; a
   * Jackson {@code JsonNode.class} gives the raw JSON).
   *
   * @param args the keyword arguments; values are converted to JSON with Jackson, so records and
   *     beans go as JSON objects
   * @return the result, empty when the server returned null
   * @throws RpcException or a subclass, or the rebuilt remote exception; see the class comment
   */
  <T> Optional<T> call(
      RequestContext context, String method, Map<String, ?> args, Class<T> resultType);

  /**
   * Like {@link #call} without blocking. Programming errors (a fanout target, no topic, arguments
   * that are not JSON) are thrown at once; everything else completes the future exceptionally: a
   * closed client, a reply queue that cannot be subscribed, the version cap, the send and the
   * reply.
   *
   * <p>Threads: work that may block on first use runs on a Bosun thread, never the caller's: the
   * first read of an automatic {@link VersionCap} (a services-table query, repeated on each request
   * while no service reports a version yet) and the reply queue's subscribe. After that the request
   * is handed to the transport on the caller's thread, which for RabbitMQ writes to a socket and
   * may wait while the broker blocks publishers (memory or disk alarm).
   */
  <T> CompletableFuture<Optional<T>> callAsync(
      RequestContext context, String method, Map<String, ?> args, Class<T> resultType);

  /**
   * Sends {@code method} without waiting for it to run: oslo's {@code cast}. With a fanout target
   * every server of the topic gets it. Returns once the transport has taken the message (the broker
   * confirmed it, which for a topic cast means it is in a queue: see the class comment), bounded by
   * {@link #timeout()}. There is no reply, even on failure.
   *
   * @throws MessageUndeliverableException when no queue takes a topic cast: nobody serves the topic
   *     (or server), or the broker restarted and the servers have not declared their queues again
   *     yet; the cast was not delivered, and sending it again later is safe
   */
  void cast(RequestContext context, String method, Map<String, ?> args);

  /**
   * Like {@link #cast} without blocking: the future completes when the transport took it. Errors
   * and threads as for {@link #callAsync}.
   */
  CompletableFuture<Void> castAsync(RequestContext context, String method, Map<String, ?> args);

  /**
   * A typed client for an {@link RpcApi} interface, checked now: a bad interface fails here with an
   * {@link IllegalArgumentException} naming the method and the problem. The proxy sends to the
   * interface's topic (or this client's topic when the interface names none) and namespace, with
   * this client's server, exchange, timeouts and version cap; each method requests its {@link
   * Since} version, or the interface's version.
   */
  <T> T proxy(Class<T> api);

  /** Stops consuming the reply queue; calls still waiting fail. Idempotent. */
  @Override
  void close();

  /**
   * Settings changed by {@link RpcClient#prepare}: oslo's {@code prepare(exchange, topic,
   * namespace, version, server, fanout, timeout, version_cap, call_monitor_timeout)}. Not
   * thread-safe; used only inside the {@code prepare} callback.
   */
  final class Prepare {
    PartialTarget target;
    Duration timeout;
    Optional<Duration> callMonitorTimeout;
    VersionCap versionCap;

    Prepare(
        PartialTarget target,
        Duration timeout,
        Optional<Duration> callMonitorTimeout,
        VersionCap versionCap) {
      this.target = target;
      this.timeout = timeout;
      this.callMonitorTimeout = callMonitorTimeout;
      this.versionCap = versionCap;
    }

    public Prepare topic(String value) {
      target = target.withTopic(value);
      return this;
    }

    public Prepare exchange(String value) {
      target = target.withExchange(value);
      return this;
    }

    /** Send to one server of the topic ({@code <topic>.<server>}). */
    public Prepare server(String value) {
      target = target.withServer(value);
      return this;
    }

    /** Send to any server of the topic. */
    public Prepare anyServer() {
      target = target.withAnyServer();
      return this;
    }

    /** Casts go to every server of the topic; calls refuse a fanout target. */
    public Prepare fanout(boolean value) {
      target = target.withFanout(value);
      return this;
    }

    public Prepare namespace(String value) {
      target = target.withNamespace(value);
      return this;
    }

    public Prepare noNamespace() {
      target = target.withoutNamespace();
      return this;
    }

    /** The version requests carry; checked against the version cap when sent. */
    public Prepare version(String value) {
      Version.parse(value);
      target = target.withVersion(value);
      return this;
    }

    public Prepare noVersion() {
      target = target.withoutVersion();
      return this;
    }

    /** The call timeout; at least 1 ms. */
    public Prepare timeout(Duration value) {
      this.timeout = Builder.positive(value, "timeout");
      return this;
    }

    /**
     * Asks the server for heartbeats: it sends one every {@code floor(seconds)/2} seconds while the
     * method runs (none when that is under 1 s), and the call fails when nothing arrives for this
     * long. Lets a long call outlive the server's silence limit without a huge timeout.
     */
    public Prepare callMonitorTimeout(Duration value) {
      this.callMonitorTimeout = Optional.of(Builder.positive(value, "callMonitorTimeout"));
      return this;
    }

    public Prepare noCallMonitorTimeout() {
      this.callMonitorTimeout = Optional.empty();
      return this;
    }

    /** A fixed version cap; see {@link VersionCap#fixed(String)}. */
    public Prepare versionCap(String value) {
      this.versionCap = VersionCap.fixed(value);
      return this;
    }

    /** A fixed, automatic or no version cap. */
    public Prepare versionCap(VersionCap value) {
      this.versionCap = Objects.requireNonNull(value, "versionCap");
      return this;
    }

    public Prepare noVersionCap() {
      this.versionCap = VersionCap.none();
      return this;
    }
  }

  /** Builds an {@link RpcClient}. Not thread-safe. */
  final class Builder {
    final Transport transport;
    PartialTarget target = PartialTarget.EMPTY;
    String controlExchange = DEFAULT_CONTROL_EXCHANGE;
    Duration timeout = DEFAULT_TIMEOUT;
    Optional<Duration> callMonitorTimeout = Optional.empty();
    VersionCap versionCap = VersionCap.none();
    Set<String> allowedRemoteExmods = new LinkedHashSet<>();
    @Nullable ClassLoader classLoader;

    private Builder(Transport transport) {
      this.transport = Objects.requireNonNull(transport, "transport");
    }

    /** Where requests go; the topic may also come later from {@code prepare} or a proxy. */
    public Builder target(Target value) {
      this.target = PartialTarget.of(Objects.requireNonNull(value, "target"));
      return this;
    }

    /** The exchange of targets without one: oslo's {@code control_exchange}, default openstack. */
    public Builder controlExchange(String value) {
      Objects.requireNonNull(value, "controlExchange");
      if (value.isBlank()) {
        throw new IllegalArgumentException(
            "controlExchange must not be blank, found '" + value + "'");
      }
      this.controlExchange = value;
      return this;
    }

    /** oslo's {@code rpc_response_timeout}; default 60 s. */
    public Builder timeout(Duration value) {
      this.timeout = positive(value, "timeout");
      return this;
    }

    /** See {@link Prepare#callMonitorTimeout(Duration)}; default none. */
    public Builder callMonitorTimeout(Duration value) {
      this.callMonitorTimeout = Optional.of(positive(value, "callMonitorTimeout"));
      return this;
    }

    /** A fixed highest version sent (oslo's {@code version_cap}); default none. */
    public Builder versionCap(String value) {
      this.versionCap = VersionCap.fixed(value);
      return this;
    }

    /**
     * The highest version sent: fixed, none, or automatic from the services table ({@link
     * VersionCaps#auto(String)}); default none.
     */
    public Builder versionCap(VersionCap value) {
      this.versionCap = Objects.requireNonNull(value, "versionCap");
      return this;
    }

    /**
     * oslo's {@code allowed_remote_exmods}: the Java packages (or Python modules) whose exceptions
     * a caller rebuilds as their own type. An exception of a listed package is rebuilt only when it
     * is a public, concrete {@link RuntimeException} with a public {@code (String)} constructor;
     * everything else arrives as a {@link RemoteException}. Nothing is ever deserialized into a
     * class outside this list. Default: empty.
     */
    public Builder allowedRemoteExmods(Collection<String> packages) {
      for (String name : packages) {
        if (name == null || name.isBlank()) {
          throw new IllegalArgumentException(
              "allowedRemoteExmods entries must be package names, "
                  + "found '"
                  + name
                  + "' in "
                  + packages);
        }
      }
      this.allowedRemoteExmods = new LinkedHashSet<>(packages);
      return this;
    }

    /** Where allowed remote exception classes are loaded from; default the thread's. */
    public Builder classLoader(ClassLoader value) {
      this.classLoader = Objects.requireNonNull(value, "classLoader");
      return this;
    }

    public RpcClient build() {
      return DefaultRpcClient.create(this);
    }

    static Duration positive(Duration value, String what) {
      Objects.requireNonNull(value, what);
      if (value.toMillis() < 1) {
        throw new IllegalArgumentException(what + " must be at least 1 ms, found " + value);
      }
      return value;
    }
  }
}
