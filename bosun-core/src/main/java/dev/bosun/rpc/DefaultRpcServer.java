package dev.bosun.rpc;

import dev.bosun.concurrent.Threads;
import dev.bosun.context.RequestContext;
import dev.bosun.log.RateLimitedLog;
import dev.bosun.transport.Delivery;
import dev.bosun.transport.Destination;
import dev.bosun.transport.MessageCodec;
import dev.bosun.transport.MessageFormatException;
import dev.bosun.transport.PublishOptions;
import dev.bosun.transport.Source;
import dev.bosun.transport.Subscription;
import dev.bosun.transport.Transport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/** The {@link RpcServer}; see there for the behaviour. */
final class DefaultRpcServer implements RpcServer {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultRpcServer.class);
  private static final MessageCodec CODEC = MessageCodec.create();

  /** The statistics entry of the requests for methods no endpoint has. */
  static final String UNKNOWN_METHODS = "(unknown methods)";

  /** The longest reply queue name a broker takes (AMQP short string). */
  private static final int MAX_QUEUE_NAME_BYTES = 255;

  /** Platform threads (Java 17) that publish heartbeats; each call has at most one in flight. */
  private static final int HEARTBEAT_THREADS = 4;

  private enum State {
    NEW,
    RUNNING,
    STOPPED
  }

  private final Transport transport;
  private final Target target;
  private final String exchange;
  private final Dispatcher dispatcher;
  private final int executorThreadPoolSize;

  /**
   * How many requests are handled at once, on any Java ({@code executor_thread_pool_size}); also
   * how many deliveries each of the three subscriptions may hold unacked (the prefetch).
   */
  private final int handlerCapacity;

  /** One permit per request being handled; taken before the ack, given back after the reply. */
  private final Semaphore handlers;

  private final Duration gracefulShutdownTimeout;
  private final ReplySender replies;
  private final RateLimitedLog limitedLog = RateLimitedLog.create(LOG);
  private final DuplicateFilter duplicates = new DuplicateFilter(DuplicateFilter.OSLO_CAPACITY);
  private final List<Subscription> subscriptions = new ArrayList<>();

  /**
   * Publishes heartbeats, so that a publish that blocks (RabbitMQ while the broker blocks
   * publishers) holds one of these threads and never the RPC timer thread of the JVM. Its threads
   * end when idle (see {@link Threads#newTaskExecutor}), so it needs no shutdown, and it keeps
   * serving handlers that are finishing while the server stops.
   */
  private final ExecutorService heartbeatSender;

  private @Nullable ExecutorService executor; // set by start(), before any delivery
  private State state = State.NEW;

  private final LongAdder received = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final AtomicLong inFlight = new AtomicLong();
  private final LongAdder duplicatesDropped = new LongAdder();
  private final LongAdder malformedDropped = new LongAdder();
  private final ConcurrentHashMap<String, MethodCounters> byMethod = new ConcurrentHashMap<>();

  private static final class MethodCounters {
    final LongAdder received = new LongAdder();
    final LongAdder failed = new LongAdder();
    final AtomicLong inFlight = new AtomicLong();
  }

  DefaultRpcServer(RpcServer.Builder builder) {
    this.transport = builder.transport;
    this.target = Objects.requireNonNull(builder.target, "target"); // checked by build()
    this.exchange = target.exchange().orElse(builder.controlExchange);
    this.dispatcher = new Dispatcher(builder.endpoints);
    this.executorThreadPoolSize = builder.executorThreadPoolSize;
    this.handlerCapacity = builder.executorThreadPoolSize;
    this.handlers = new Semaphore(handlerCapacity);
    this.gracefulShutdownTimeout = builder.gracefulShutdownTimeout;
    this.replies =
        new ReplySender(transport, "RPC server for " + target, builder.replyRetryTimeout);
    this.heartbeatSender =
        Threads.newTaskExecutor("rpc-heartbeat-" + target.topic(), HEARTBEAT_THREADS);
  }

  @Override
  public Target target() {
    return target;
  }

  @Override
  public synchronized void start() {
    if (state == State.RUNNING) {
      return;
    }
    if (state == State.STOPPED) {
      throw new IllegalStateException(
          "The RPC server for "
              + target
              + " was stopped and cannot "
              + "be started again; build a new one");
    }
    executor = Threads.newTaskExecutor("rpc-" + target.topic(), executorThreadPoolSize);
    try {
      subscriptions.add(
          transport.subscribe(
              Source.Shared.of(exchange, target.topic()), this::onDelivery, handlerCapacity));
      subscriptions.add(
          transport.subscribe(
              Source.Shared.of(exchange, target.routingKey()), this::onDelivery, handlerCapacity));
      subscriptions.add(
          transport.subscribe(
              new Source.Fanout(target.topic()), this::onDelivery, handlerCapacity));
    } catch (RuntimeException e) {
      subscriptions.forEach(Subscription::close);
      subscriptions.clear();
      executor.shutdownNow();
      state = State.STOPPED;
      throw e;
    }
    state = State.RUNNING;
    LOG.info(
        "RPC server for {} serving {} on exchange {}, handlers on {}",
        target,
        dispatcher.endpoints(),
        exchange,
        Threads.describe());
  }

  @Override
  public void stop() {
    stop(gracefulShutdownTimeout);
  }

  @Override
  public void stop(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("stop timeout must be >= 0, found " + timeout);
    }
    ExecutorService toDrain;
    synchronized (this) {
      if (state != State.RUNNING) {
        state = State.STOPPED;
        return;
      }
      state = State.STOPPED;
      for (Subscription subscription : subscriptions) {
        try {
          subscription.close();
        } catch (RuntimeException e) {
          LOG.warn(
              "Could not close the subscription {} of the RPC server for {}; going on",
              subscription.queue(),
              target,
              e);
        }
      }
      subscriptions.clear();
      toDrain = Objects.requireNonNull(executor, "executor"); // RUNNING: start() set it
    }
    toDrain.shutdown();
    long running = inFlight.get();
    if (running > 0) {
      LOG.info(
          "RPC server for {} stopped consuming; waiting up to {} for {} request(s) in " + "flight",
          target,
          timeout.isZero() ? "ever" : PendingCall.describe(timeout),
          running);
    }
    try {
      boolean drained =
          timeout.isZero()
              ? awaitForever(toDrain)
              : toDrain.awaitTermination(saturatedNanos(timeout), TimeUnit.NANOSECONDS);
      if (!drained) {
        LOG.warn(
            "RPC server for {}: {} request(s) still running after the stop timeout of {}; "
                + "interrupting them",
            target,
            inFlight.get(),
            PendingCall.describe(timeout));
        toDrain.shutdownNow();
      }
    } catch (InterruptedException e) {
      toDrain.shutdownNow();
      Thread.currentThread().interrupt();
    }
    replies.stop();
    LOG.info("RPC server for {} stopped", target);
  }

  @Override
  public void close() {
    stop();
  }

  @Override
  public synchronized boolean running() {
    return state == State.RUNNING;
  }

  @Override
  public RpcServerStatistics statistics() {
    Map<String, RpcServerStatistics.MethodStatistics> methods = new TreeMap<>();
    byMethod.forEach(
        (name, counters) ->
            methods.put(
                name,
                new RpcServerStatistics.MethodStatistics(
                    counters.received.sum(), counters.failed.sum(), counters.inFlight.get())));
    return new RpcServerStatistics(
        received.sum(),
        failed.sum(),
        inFlight.get(),
        duplicatesDropped.sum(),
        malformedDropped.sum(),
        methods);
  }

  @Override
  public String toString() {
    return "RpcServer[" + target + "]";
  }

  private static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  private static boolean awaitForever(ExecutorService executor) throws InterruptedException {
    while (!executor.awaitTermination(1, TimeUnit.HOURS)) {
      LOG.info("Still waiting for RPC handlers to finish (graceful_shutdown_timeout is 0)");
    }
    return true;
  }

  /**
   * Runs on a transport thread: decode, drop what was already handled, hand to the executor. The
   * request is acked when a handler thread takes it up, not on receipt as oslo does: a request
   * still waiting for a handler when the process dies, or refused because the server is stopping,
   * is delivered again (to this topic's other servers) instead of being lost.
   */
  private void onDelivery(Delivery delivery) {
    ObjectNode message;
    try {
      message = CODEC.decode(delivery.body());
    } catch (MessageFormatException e) {
      malformedDropped.increment();
      limitedLog.warn(
          "malformed",
          "RPC server for {} dropping a malformed message: {}",
          target,
          e.getMessage());
      delivery.reject(false);
      return;
    }
    Optional<String> uniqueId = text(message.remove("_unique_id"));
    if (uniqueId.isPresent() && duplicates.contains(uniqueId.get())) {
      settle(delivery, true);
      dropDuplicate(uniqueId.get());
      return;
    }
    ExecutorService current;
    synchronized (this) {
      // deliveries come only from subscriptions that start() made after setting the executor
      current = Objects.requireNonNull(executor, "executor");
    }
    try {
      current.execute(() -> takeUp(delivery, message, uniqueId));
    } catch (RejectedExecutionException e) {
      LOG.info(
          "RPC server for {} is stopping; returning request {} to its queue for another "
              + "server",
          target,
          message.path("method"));
      settle(delivery, false);
    }
  }

  /**
   * Runs on a handler thread: waits for one of the {@code handlerCapacity} handler permits (so that
   * on virtual threads too at most that many requests are acked and running; the others stay
   * unacked, which the transport bounds by the prefetch), acks the request, then handles it. A
   * request whose ack fails (the channel went away, as on a reconnect) is not handled: the broker
   * delivers it again, to this server or another, and that copy is handled instead, so it does not
   * run twice. The duplicate filter records a request only here, once its ack succeeded and
   * handling begins, so the copy the broker sends again is not mistaken for a duplicate of one that
   * never ran, and a copy that arrives while the first is still waiting for a handler is dropped
   * when its turn comes.
   */
  private void takeUp(Delivery delivery, ObjectNode message, Optional<String> uniqueId) {
    try {
      handlers.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      settle(delivery, false);
      return;
    }
    try {
      ackAndHandle(delivery, message, uniqueId);
    } finally {
      handlers.release();
    }
  }

  private void ackAndHandle(Delivery delivery, ObjectNode message, Optional<String> uniqueId) {
    if (!settle(delivery, true)) {
      LOG.info(
          "RPC server for {} could not ack request '{}'; not handling it: the broker will "
              + "deliver it again, to this server or another",
          target,
          message.path("method").asString(""));
      return;
    }
    if (uniqueId.isPresent() && !duplicates.firstTime(uniqueId.get())) {
      dropDuplicate(uniqueId.get());
      return;
    }
    handle(message);
  }

  private void dropDuplicate(String uniqueId) {
    duplicatesDropped.increment();
    LOG.info("RPC server for {} dropping duplicate message {}", target, uniqueId);
  }

  /**
   * Acks, or rejects with requeue; whether that worked. A failure (the channel went away) is logged
   * at DEBUG here; the broker delivers the message again.
   */
  private boolean settle(Delivery delivery, boolean ack) {
    try {
      if (ack) {
        delivery.ack();
      } else {
        delivery.reject(true);
      }
      return true;
    } catch (RuntimeException e) {
      LOG.debug("RPC server for {} could not settle a delivery: {}", target, e.getMessage());
      return false;
    }
  }

  /** Runs on a handler thread. */
  private void handle(ObjectNode message) {
    // oslo's order: unpack the context first, so that a "_context__msg_id" stays context.
    RequestContext context = RequestContext.unpackFrom(message);
    JsonNode msgIdNode = message.remove("_msg_id");
    JsonNode replyQueueNode = message.remove("_reply_q");
    @Nullable JsonNode monitor = message.remove("_timeout");
    JsonNode methodNode = message.get("method");
    @Nullable String method =
        methodNode != null && methodNode.isString() ? methodNode.asString() : null;
    Optional<ReplyAddress> replyTo = replyAddress(msgIdNode, replyQueueNode, method);
    boolean isCall = replyTo.isPresent();
    if (method == null) {
      malformedDropped.increment();
      limitedLog.warn(
          "no-method",
          "RPC server for {} dropping a request without a method name: {}",
          target,
          abbreviate(message));
      replyTo.ifPresent(
          to ->
              reply(
                  to.msgId(),
                  to.queue(),
                  null,
                  Dispatcher.pythonError("KeyError", "the request has no method name")));
      return;
    }
    received.increment();
    // Names no endpoint has share one entry, so hostile names cannot grow the statistics.
    MethodCounters counters =
        byMethod.computeIfAbsent(
            dispatcher.knows(method) ? method : UNKNOWN_METHODS, name -> new MethodCounters());
    counters.received.increment();
    inFlight.incrementAndGet();
    counters.inFlight.incrementAndGet();
    try {
      @Nullable Heartbeats heartbeats =
          isCall
              ? startHeartbeats(replyTo.get().msgId(), replyTo.get().queue(), monitor, method)
              : null;
      @Nullable JsonNode result = null;
      @Nullable Throwable failure = null;
      try {
        String version = version(message.get("version"), method);
        Optional<String> namespace = namespace(message.get("namespace"), method, version);
        result = dispatcher.dispatch(context, method, message.get("args"), namespace, version);
      } catch (OutOfMemoryError fatal) {
        failed.increment();
        counters.failed.increment();
        LOG.error(
            "RPC server for {}: {} '{}' ran out of memory; no reply is sent{}",
            target,
            isCall ? "call" : "cast",
            method,
            isCall ? " and the caller will time out" : "",
            fatal);
        throw fatal;
      } catch (Throwable error) {
        // A StackOverflowError or other Error is one request's failure, sent back like any other.
        failure = error;
        failed.increment();
        counters.failed.increment();
        logFailure(method, isCall, error);
      } finally {
        if (heartbeats != null) {
          heartbeats.cancel();
        }
      }
      if (isCall) {
        reply(replyTo.get().msgId(), replyTo.get().queue(), result, failure);
      }
    } finally {
      inFlight.decrementAndGet();
      counters.inFlight.decrementAndGet();
    }
  }

  /** Where a call's reply goes. */
  private record ReplyAddress(String msgId, String queue) {}

  /**
   * The reply address of a call; empty for a cast, and for a request whose {@code _msg_id} or
   * {@code _reply_q} is present but unusable (not a string, blank, longer than a queue name may
   * be): that one is logged (rate-limited) and handled as a cast, since no reply can reach its
   * caller.
   */
  private Optional<ReplyAddress> replyAddress(
      @Nullable JsonNode msgId, @Nullable JsonNode replyQueue, @Nullable String method) {
    if (msgId == null && replyQueue == null) {
      return Optional.empty();
    }
    @Nullable String problem = null;
    if (msgId == null || replyQueue == null) {
      problem = msgId == null ? "_reply_q without _msg_id" : "_msg_id without _reply_q";
    } else if (!msgId.isString() || msgId.asString().isBlank()) {
      problem = "_msg_id " + abbreviate(msgId) + " is not a non-blank string";
    } else if (!replyQueue.isString() || replyQueue.asString().isBlank()) {
      problem = "_reply_q " + abbreviate(replyQueue) + " is not a non-blank string";
    } else if (replyQueue.asString().getBytes(StandardCharsets.UTF_8).length
        > MAX_QUEUE_NAME_BYTES) {
      problem = "_reply_q is longer than " + MAX_QUEUE_NAME_BYTES + " bytes";
    }
    if (problem == null && msgId != null && replyQueue != null) {
      return Optional.of(new ReplyAddress(msgId.asString(), replyQueue.asString()));
    }
    limitedLog.warn(
        "reply-address",
        "RPC server for {}: request '{}' has a malformed reply address ({}); handling it as a cast,"
            + " no reply is sent",
        target,
        method == null ? "" : abbreviate(method),
        problem);
    return Optional.empty();
  }

  /** The request's namespace: absent or {@code null} is none (oslo's None), else a string. */
  private static Optional<String> namespace(
      @Nullable JsonNode namespace, String method, String version) {
    if (namespace == null || namespace.isNull()) {
      return Optional.empty();
    }
    if (!namespace.isString()) {
      // oslo compares the namespace with each endpoint's: a number or a list matches none.
      throw new UnsupportedVersionException(method, version);
    }
    return Optional.of(namespace.asString());
  }

  /** The request's version: absent is 1.0; present, it must be a string. */
  private static String version(@Nullable JsonNode version, String method) {
    if (version == null) {
      return Version.DEFAULT.toString();
    }
    if (!version.isString()) {
      throw new UnsupportedVersionException(method, abbreviate(version));
    }
    return version.asString();
  }

  private void logFailure(String method, boolean isCall, Throwable error) {
    if (error instanceof NoSuchMethodException
        || error instanceof UnsupportedVersionException
        || (error instanceof RemoteException remote
            && remote.remoteModule().equals("builtins")
            && remote.traceback().isEmpty())) {
      LOG.info(
          "RPC server for {} refused {} '{}': {}",
          target,
          isCall ? "call" : "cast",
          method,
          error.getMessage());
    } else {
      LOG.warn(
          "RPC server for {}: {} '{}' failed{}",
          target,
          isCall ? "call" : "cast",
          method,
          isCall ? "; the caller gets the error" : " (a cast: nobody is told)",
          error);
    }
  }

  private @Nullable Heartbeats startHeartbeats(
      String msgId, String replyQueue, @Nullable JsonNode monitor, String method) {
    if (monitor == null || !monitor.isNumber()) {
      return null;
    }
    // oslo: interval = int(_timeout) / 2, and no heartbeats unless it is at least 1 s.
    double intervalSeconds = ((long) monitor.asDouble()) / 2.0;
    if (intervalSeconds < 1) {
      LOG.warn(
          "Client provided an invalid timeout value of {} for '{}'; sending no heartbeats",
          monitor,
          method);
      return null;
    }
    Heartbeats heartbeats = new Heartbeats(msgId, new Destination.Reply(replyQueue));
    heartbeats.timer = RpcTimers.every(heartbeats::due, (long) (intervalSeconds * 1000));
    return heartbeats;
  }

  /**
   * The heartbeats of one call. The timer thread only hands each one to {@link #heartbeatSender};
   * while one is still being published (the transport blocks) the next ones are skipped rather than
   * queued, so a blocked transport holds at most one thread per call, and the caller's call-monitor
   * timeout ends the call as it should when nothing gets through.
   */
  private final class Heartbeats {
    private final String msgId;
    private final Destination destination;
    private final AtomicBoolean sending = new AtomicBoolean();
    private volatile boolean cancelled;
    private RpcTimers.@Nullable Task timer;

    Heartbeats(String msgId, Destination destination) {
      this.msgId = msgId;
      this.destination = destination;
    }

    /** Runs on the timer thread: must not block. */
    void due() {
      if (cancelled) {
        return;
      }
      if (!sending.compareAndSet(false, true)) {
        LOG.debug(
            "The previous heartbeat for call {} is still being published; skipping one", msgId);
        return;
      }
      try {
        heartbeatSender.execute(this::send);
      } catch (RejectedExecutionException e) {
        sending.set(false);
      }
    }

    private void send() {
      try {
        if (cancelled) {
          return;
        }
        ObjectNode heartbeat = CODEC.newMessage();
        heartbeat.putNull("result");
        heartbeat.putNull("failure");
        heartbeat.put("ending", false);
        heartbeat.put("_msg_id", msgId);
        heartbeat.put("_unique_id", DefaultRpcClient.newId());
        // the handler logs a failed heartbeat; a lost one only costs the caller a retry
        CompletableFuture<Void> unused =
            transport
                .publish(destination, CODEC.encode(heartbeat), new PublishOptions(0, true))
                .whenComplete(
                    (ignored, error) -> {
                      if (error != null) {
                        LOG.debug(
                            "Heartbeat for call {} not delivered: {}", msgId, error.toString());
                      }
                    });
      } catch (RuntimeException e) {
        LOG.debug("Heartbeat for call {} not sent: {}", msgId, e.toString());
      } finally {
        sending.set(false);
      }
    }

    /** No heartbeat is published after this returns but one already being published. */
    void cancel() {
      cancelled = true;
      if (timer != null) {
        timer.cancel();
      }
    }
  }

  private void reply(
      String msgId, String replyQueue, @Nullable JsonNode result, @Nullable Throwable failure) {
    byte[] body;
    try {
      body = CODEC.encode(replyMessage(msgId, result, failure));
    } catch (RuntimeException e) {
      LOG.warn(
          "RPC server for {}: the reply to call {} cannot be encoded; sending the error "
              + "instead",
          target,
          msgId,
          e);
      body = CODEC.encode(replyMessage(msgId, null, e));
    }
    replies.send(msgId, replyQueue, body);
  }

  private static ObjectNode replyMessage(
      String msgId, @Nullable JsonNode result, @Nullable Throwable failure) {
    ObjectNode reply = CODEC.newMessage();
    if (failure == null) {
      reply.set("result", result == null ? NullNode.getInstance() : result);
      reply.putNull("failure");
    } else {
      reply.putNull("result");
      reply.put("failure", Failures.toWire(failure));
    }
    reply.put("ending", true);
    reply.put("_msg_id", msgId);
    reply.put("_unique_id", DefaultRpcClient.newId());
    return reply;
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }

  private static Optional<String> text(JsonNode node) {
    return node != null && node.isString() ? Optional.of(node.asString()) : Optional.empty();
  }

  private static String abbreviate(JsonNode node) {
    String text = node.toString();
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }
}
